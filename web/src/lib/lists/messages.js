// The words of the shared list controls (column settings, export progress).
import { addMessages } from '../i18n.js'

addMessages('lists', {
  columns: ['列设置', 'Columns'],
  columnsHint: ['选择要显示的列（按账号保存）', 'Columns to show (saved for your account)'],
  columnsReset: ['恢复默认', 'Restore defaults'],
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
