// Helpers of the social-assistance pages: the programs, states and findings the
// rules know, ID number checks, file metadata.
import { api } from '../../lib/api.js'

export const PROGRAMS = ['dibao', 'near_dibao', 'tekun', 'orphan', 'unattended_child', 'disability_living', 'disability_care', 'temp_aid']
export const STATES = ['accepted', 'verifying', 'investigating', 'reviewing', 'notice', 'refused', 'aid_paid',
  'paying', 'suspended', 'periodic_review', 'ended', 'withdrawn']
// Relations to the applicant the rules know (policy.h POLICY_RELATIONS).
export const RELATIONS = ['spouse', 'child', 'parent', 'sibling', 'grandparent', 'grandchild', 'child_in_law', 'other_relation']
// Findings a caseworker records for a member (policy.h POLICY_PERSON_FLAGS, without the
// ones the registry or the system sets itself).
export const MEMBER_FLAGS = ['full_time_student', 'cannot_live_independently', 'major_illness', 'unemployed',
  'needs_long_term_care', 'lacks_legal_capacity', 'support_duty', 'lives_together', 'in_prison',
  'compulsory_rehab', 'declared_missing', 'religious_apart']
export const PARENT_STATES = ['present', 'dead', 'untraceable', 'missing', 'severely_disabled', 'seriously_ill',
  'imprisoned', 'in_rehab', 'out_of_contact']
export const CHILD_PROGRAMS = ['orphan', 'unattended_child']

export function stateType(s) {
  switch (s) {
    case 'paying': return 'success'
    case 'notice': return 'warning'
    case 'refused': case 'ended': case 'withdrawn': return 'info'
    case 'suspended': return 'danger'
    default: return 'primary'
  }
}

// Metadata of a chosen file: the file itself stays with the caseworker.
export async function fileMeta(file) {
  const meta = { name: file.name, content_type: file.type || 'application/octet-stream', size_bytes: file.size }
  if (globalThis.crypto && crypto.subtle) {
    const digest = await crypto.subtle.digest('SHA-256', await file.arrayBuffer())
    meta.sha256 = [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('')
  }
  return meta
}

export function fmtBytes(n) {
  if (n === null || n === undefined) return '—'
  if (n < 1024) return `${n} B`
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`
  return `${(n / 1024 / 1024).toFixed(1)} MB`
}

// The programs' declared processes (GET /assistance/programs), loaded once:
// step labels for the timeline, notice days, deadlines, the gradual-exit limit.
let programsPromise = null
export function programsInfo() {
  if (!programsPromise) {
    programsPromise = api.get('/assistance/programs').then((d) => Object.fromEntries((d.items || []).map((p) => [p.code, p])))
      .catch((e) => { programsPromise = null; throw e })
  }
  return programsPromise
}

// A parent's state as the rules read it (docs/policy.md): a bare state, or
// {state, since} for out_of_contact and {state, grade} for severely_disabled.
export function parentValue(state, since, grade) {
  if (state === 'out_of_contact') return { state, since }
  if (state === 'severely_disabled') return { state, grade }
  return state
}
export function parentState(v) { return v && typeof v === 'object' ? v.state : v }
