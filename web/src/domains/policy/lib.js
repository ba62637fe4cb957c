// Helpers of the policy pages.
import { isEn } from '../../lib/i18n.js'

// A program as the server lists it ({ code, name, name_en }) in the chosen language.
export const programName = (p) => (isEn.value ? p.name_en || p.name : p.name)
