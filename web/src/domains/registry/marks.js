// A person's marks as the household page shows them. Two kinds:
// - registry flags a caseworker or community worker sets with a reason
//   (persons.flags, PATCH /persons/:id; audited and kept in the history),
//   which the services read: 独居 and 空巢 elders and special families are
//   visited monthly, 独居 raises a 平安通 call's priority;
// - marks read from other records, never set by hand: 高龄 from the birth
//   date, 重残 from the disability grade, 低保户 / 特困 from the household's
//   enrollments in force.

// The flags settable from the household and person pages, in the order staff
// name them. The rule each one drives is told beside it (registry.marks.rule.*).
export const CARE_FLAGS = ['living_alone', 'empty_nest', 'special_family', 'veteran', 'full_time_student']

// Monthly visits count residents this old and over as 高龄 (parameter
// visits.very_old_age, seeded at 80); the page says which figure it used.
export const VERY_OLD_AGE = 80

export function flagList(flags) {
  if (!flags) return []
  if (Array.isArray(flags)) return flags.map(String).filter(Boolean)
  return String(flags).split(/[,\s]+/).filter(Boolean)
}

// The marks read from other records, as keys of registry.marks.derived.
export function derivedMarks(member, programs = []) {
  const out = []
  if (!member.death_date && member.age != null && member.age >= VERY_OLD_AGE) out.push('very_old')
  const g = Number(member.disability_grade) || 0
  if (g === 1 || g === 2) out.push('severe_disability')
  for (const p of programs) if (!out.includes(p)) out.push(p)
  return out
}

// The programs in force for a member: the household's own enrollments (person
// unit none) and those of the member. Only programs that name a mark count.
export const PROGRAM_MARKS = ['dibao', 'tekun', 'near_dibao']
export function memberPrograms(enrollments, personId) {
  const set = new Set()
  for (const e of enrollments || []) {
    if (e.status !== 'active' || !PROGRAM_MARKS.includes(e.program)) continue
    if (e.person_id == null || String(e.person_id) === String(personId)) set.add(e.program)
  }
  return [...set]
}
