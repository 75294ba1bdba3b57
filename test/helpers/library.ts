import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import * as yaml from 'yaml';

/**
 * Writes a throwaway library: the registry as given, a valid SKILL.md for every skill
 * (unless `skillFiles` overrides one) and every rules or conventions file it names.
 */
export function writeLibrary(dir: string, registry: Record<string, any>, skillFiles: Record<string, string | null> = {}): string {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'skills-registry.yaml'), yaml.stringify(registry));
  for (const name of Object.keys(registry.skills ?? {})) {
    const content = name in skillFiles
      ? skillFiles[name]
      : `---\nname: ${name}\ndescription: "The ${name} skill. Use when testing ${name}."\n---\n# ${name}\n`;
    if (content === null) continue;
    const path = join(dir, registry.skills[name].path ?? `skills/${name}`, 'SKILL.md');
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, content);
  }
  const files = new Set<string>(['rules/common.md']);
  for (const role of Object.values<any>(registry.roles ?? {})) {
    for (const r of [role.rules ?? []].flat()) files.add(r);
    for (const variant of Object.values<any>(role.variants ?? {})) {
      for (const value of Object.values<any>(variant.values)) if (value.conventions) files.add(value.conventions);
    }
  }
  for (const file of files) {
    mkdirSync(dirname(join(dir, file)), { recursive: true });
    writeFileSync(join(dir, file), `Content of ${file}.\n`);
  }
  return dir;
}
