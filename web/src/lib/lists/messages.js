// The words of the shared list controls (column settings, export progress).
import { addMessages } from '../i18n.js'

addMessages('lists', {
  columns: ['列设置', 'Columns'],
  columnsHint: ['选择要显示的列及其顺序（按账号保存）', 'Columns to show and their order (saved for your account)'],
  columnsReset: ['恢复默认', 'Restore defaults'],
  columnsOrder: ['列的顺序', 'Column order'],
  columnUp: ['将“{name}”上移', 'Move “{name}” up'],
  columnDown: ['将“{name}”下移', 'Move “{name}” down'],
  columnsKeys: ['用箭头调整顺序（键盘：Alt+↑ / Alt+↓）；导出 Excel 按此顺序', 'Arrows change the order (keyboard: Alt+↑ / Alt+↓); the Excel export follows it'],
  exporting: ['正在导出：已写入 {done} / {total} 行', 'Exporting: {done} of {total} rows written'],
  exportingStart: ['正在导出…', 'Exporting…'],
  exportDone: ['已导出 {n} 行', '{n} rows exported'],
})

// How the audit log names what these controls write.
addMessages('admin', {
  action: {
    'table_settings.save': ['保存列设置', 'Column settings saved'],
    'table_settings.reset': ['恢复默认列设置', 'Column settings reset'],
  },
  entity: { table_settings: ['列设置', 'Column settings'], list: ['列表', 'List'] },
})
