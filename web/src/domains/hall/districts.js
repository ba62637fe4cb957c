// Guangzhou's 11 districts as SCHEMATIC polygons for the hall's map, drawn by
// hand for this project from the districts' rough places on the map (north:
// 从化, 花都; centre: 越秀, 荔湾, 天河, 海珠; south: 番禺, 南沙; east: 黄埔,
// 增城). They tile the city without gaps, but their borders are NOT the real
// ones: they show where a district is and colour it by a figure, nothing
// more. The system runs on a government network, so no map tiles are
// fetched; a surveyed GeoJSON can replace this file (features named by their
// division code). Names shown on the map come from the API, in the user's
// language, through the series data (a region is matched by its code).
const D = [
  ['440117', [[113.30, 23.62], [113.35, 23.48], [113.30, 23.43], [113.46, 23.42], [113.58, 23.42], [113.70, 23.62], [113.95, 23.55], [114.00, 23.80], [113.75, 23.95], [113.45, 23.90], [113.35, 23.75]]], // 从化区
  ['440114', [[112.95, 23.40], [113.05, 23.60], [113.30, 23.62], [113.35, 23.48], [113.30, 23.43], [113.18, 23.35], [113.15, 23.25], [113.00, 23.28]]], // 花都区
  ['440111', [[113.15, 23.17], [113.31, 23.17], [113.31, 23.25], [113.44, 23.25], [113.46, 23.42], [113.30, 23.43], [113.18, 23.35], [113.15, 23.25]]], // 白云区
  ['440118', [[113.55, 23.05], [113.85, 23.10], [114.05, 23.30], [113.95, 23.55], [113.70, 23.62], [113.58, 23.42], [113.60, 23.20]]], // 增城区
  ['440112', [[113.42, 23.05], [113.55, 23.05], [113.60, 23.20], [113.58, 23.42], [113.46, 23.42], [113.44, 23.25], [113.44, 23.11], [113.42, 23.11]]], // 黄埔区
  ['440106', [[113.31, 23.25], [113.44, 23.25], [113.44, 23.11], [113.31, 23.11]]], // 天河区
  ['440104', [[113.24, 23.17], [113.31, 23.17], [113.31, 23.11], [113.24, 23.11]]], // 越秀区
  ['440103', [[113.15, 23.17], [113.24, 23.17], [113.24, 23.05], [113.18, 23.05], [113.15, 23.10]]], // 荔湾区
  ['440105', [[113.24, 23.11], [113.42, 23.11], [113.42, 23.05], [113.24, 23.05]]], // 海珠区
  ['440113', [[113.18, 23.05], [113.55, 23.05], [113.62, 22.90], [113.30, 22.90], [113.22, 22.96]]], // 番禺区
  ['440115', [[113.30, 22.90], [113.62, 22.90], [113.70, 22.75], [113.60, 22.55], [113.45, 22.58], [113.33, 22.72]]], // 南沙区
]

export const MAP_NAME = 'guangzhou-schematic'

export const districtsGeo = {
  type: 'FeatureCollection',
  features: D.map(([code, ring]) => ({
    type: 'Feature',
    properties: { name: code },
    geometry: { type: 'Polygon', coordinates: [[...ring, ring[0]]] },
  })),
}
