import { ElMessageBox } from 'element-plus'
import { t } from './i18n.js'

// A confirmation with buttons in the chosen language; resolves true/false.
export async function confirmAction(message, { title, danger = false, confirmText } = {}) {
  try {
    await ElMessageBox.confirm(message, title || t('common.confirmTitle'), {
      confirmButtonText: confirmText || t('common.confirm'),
      cancelButtonText: t('common.cancel'),
      type: danger ? 'warning' : 'info',
      confirmButtonClass: danger ? 'el-button--danger' : undefined,
      autofocus: false,
      closeOnClickModal: false,
    })
    return true
  } catch {
    return false
  }
}

export function alertBox(message, title, type = 'warning') {
  return ElMessageBox.alert(message, title || t('common.confirmTitle'), {
    confirmButtonText: t('common.confirm'), type,
  }).catch(() => {})
}
