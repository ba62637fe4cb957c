// The hall's words, as ['中文', 'English'] pairs; t('hall.<key>'). Figure
// labels come from the server (each indicator's label_zh / label_en); a
// group's title is its domain module's menu title, or one of the shared
// mechanisms' names below.
export default {
  menu: { title: ['监测大厅', 'Monitoring hall'], hall: ['监测大厅', 'Monitoring hall'], wall: ['大屏模式', 'Wall screen'] },
  group: {
    cases: ['救助申请办理', 'Assistance casework'], benefits: ['救助待遇', 'Assistance benefits'],
    screen: ['政策找人', 'Policy finds people'],
  },
  level: { 1: ['市', 'City'], 2: ['区', 'District'], 3: ['镇街', 'Street'], 4: ['村居', 'Community'] },
  asOf: ['统计日', 'As of'], age: ['更新于 {t} 前', 'Updated {t} ago'], never: ['尚未计算', 'Not computed yet'],
  ageMin: ['{n} 分钟', '{n} min'], ageHour: ['{n} 小时', '{n} h'], ageDay: ['{n} 天', '{n} d'], ageNow: ['刚刚', 'just now'],
  stale: ['数据已超过 1 小时未更新', 'Older than an hour'],
  chosen: ['地图与趋势指标', 'Figure on the map'], children: ['下级区划', 'Subdivisions'],
  name: ['区划', 'Division'], value: ['数值', 'Value'], map: ['各区分布（示意图）', 'By district (schematic map)'],
  mapNote: ['区界为示意，非测绘边界', 'Borders are schematic, not surveyed'],
  bars: ['下级区划分布', 'By subdivision'], trend: ['月度趋势（月末值）', 'Monthly trend (month-end values)'],
  openList: ['查看清单', 'Open the list'], drill: ['下钻', 'Drill down'], exportXlsx: ['导出 Excel', 'Export XLSX'],
  exportCsv: ['导出 CSV', 'Export CSV'], wall: ['大屏模式', 'Wall screen'], exitWall: ['退出大屏', 'Leave the wall'],
  noFigures: ['还没有登记任何指标', 'No figures are registered'], empty: ['暂无数据', 'No data'],
  refreshed: ['每 {n} 秒刷新', 'Refreshes every {n} s'], noTrend: ['暂无历史数据', 'No history yet'],
  yuan: ['元', 'yuan'],
  wallTitle: ['民政智慧大脑 · 一网统管', 'Civil affairs at a glance'],
}
