/**
 * The Agent Skills rules that every SKILL.md we ship or install must pass: the intersection of
 * the open specification, Anthropic's quick_validate and the claude.ai upload checks
 * (see docs/claude-code-formats.md §2.2 and §9).
 */
export const SKILL_NAME = /^[a-z0-9]+(-[a-z0-9]+)*$/;
export const SKILL_KEYS = ['name', 'description', 'license', 'compatibility', 'metadata', 'allowed-tools'] as const;

export function checkSkillFrontmatter(folder: string, data: Record<string, unknown>): string[] {
  const problems: string[] = [];
  for (const key of Object.keys(data)) {
    if (!(SKILL_KEYS as readonly string[]).includes(key)) {
      problems.push(`key "${key}" is not allowed (allowed: ${SKILL_KEYS.join(', ')})`);
    }
  }
  const { name, description, compatibility, metadata } = data;
  if (typeof name !== 'string' || name.length === 0) problems.push('"name" is required');
  else {
    if (name.length > 64) problems.push(`"name" is ${name.length} characters (at most 64)`);
    if (!SKILL_NAME.test(name)) problems.push(`"name" "${name}" must be lowercase letters, digits and single hyphens`);
    if (name !== folder) problems.push(`"name" "${name}" must equal its folder name "${folder}"`);
    if (/anthropic|claude/.test(name)) problems.push(`"name" must not contain "anthropic" or "claude"`);
  }
  if (typeof description !== 'string' || description.trim().length === 0) problems.push('"description" is required');
  else {
    if (description.length > 1024) problems.push(`"description" is ${description.length} characters (at most 1024)`);
    if (/[<>]/.test(description)) problems.push('"description" must not contain < or >');
  }
  if (compatibility !== undefined && (typeof compatibility !== 'string' || compatibility.length > 500)) {
    problems.push('"compatibility" must be a string of at most 500 characters');
  }
  if (metadata !== undefined) {
    const ok = typeof metadata === 'object' && metadata !== null && !Array.isArray(metadata)
      && Object.values(metadata).every((v) => typeof v === 'string');
    if (!ok) problems.push('"metadata" must map strings to strings');
  }
  if (data['allowed-tools'] !== undefined && typeof data['allowed-tools'] !== 'string') {
    problems.push('"allowed-tools" must be a space-separated string');
  }
  return problems;
}
