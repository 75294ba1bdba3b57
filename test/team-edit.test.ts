import { describe, expect, it } from 'vitest';
import { initialTeamText, withAgent, type AgentSelection } from '../src/core/team/edit.js';
import { parseTeam } from '../src/core/team/team-file.js';

// Adding an agent edits the team file as a person would: every line written before stays, in
// order, and the file holds exactly the team it held plus the new agent, last.

const TEAMS: Record<string, string> = {
  'the file init writes': initialTeamText(),
  'two-space block': 'version: 1\nagents:\n  web:\n    role: dev-fe\n    variants:\n      framework: react\n',
  'four-space block with comments inside and after': 'version: 1\n# the team\nagents:\n    web:   # the shop\n        role: dev-fe\n# a note at column 0 inside the block\n    api:\n        role: dev-be\n    # trailing, indented\n\n# about roles\nroles: {}\n',
  'agents before version, no newline at the end': 'agents:\n  web:\n    role: dev-fe\nversion: 1',
  'CRLF line endings': 'version: 1\r\nagents:\r\n  web:\r\n    role: dev-fe\r\n',
  'a flow mapping of agents': 'version: 1\nagents: { web: { role: dev-fe } }\n',
  'an empty block value': 'version: 1\nagents:\n',
  'a block scalar that mentions agents:': 'version: 1\nagents:\n  web:\n    role: dev-fe\n    paths:\n      - apps/web\nroles:\n  dev-fe:\n    description: |\n      agents:\n        fake: {}\n',
};

const selections: AgentSelection[] = [
  { role: 'dev-be', variants: {} },
  { role: 'qa', variants: { framework: ['playwright'], language: ['typescript', 'python'] }, versions: { playwright: 1 }, paths: ['apps/my app', 'libs/#core: x'] },
];

function subsequence(lines: string[], within: string[]): boolean {
  let i = 0;
  for (const line of within) if (i < lines.length && line === lines[i]) i += 1;
  return i === lines.length;
}

describe('adding an agent to the team file', () => {
  for (const [label, text] of Object.entries(TEAMS)) {
    for (const [n, selection] of selections.entries()) {
      it(`${label}, selection ${n + 1}`, () => {
        const before = parseTeam(text);
        const after = withAgent(text, 'newcomer', selection);
        const team = parseTeam(after);
        expect(Object.keys(team.agents ?? {})).toEqual([...Object.keys(before.agents ?? {}), 'newcomer']);
        for (const [name, spec] of Object.entries(before.agents ?? {})) expect(team.agents![name]).toEqual(spec);
        const spec = team.agents!.newcomer!;
        expect(spec.role).toBe(selection.role);
        for (const [key, values] of Object.entries(selection.variants)) expect(spec.variants?.[key]).toEqual(values.length === 1 ? values[0] : values);
        expect(spec.versions).toEqual(selection.versions);
        expect(spec.paths).toEqual(selection.paths);
        expect({ ...team, agents: undefined }).toEqual({ ...before, agents: undefined });
        // Comments and layout: each line of the old file is still there, in order (the empty
        // flow `agents: {}` of a new file becomes a block).
        const old = text.replace(/^agents: \{\}$/m, 'agents:').split(/\r?\n/).filter((l) => l.trim() !== '');
        if (!label.includes('flow mapping')) expect(subsequence(old, after.split(/\r?\n/))).toBe(true);
        if (text.includes('\r\n')) expect(after.replace(/\r\n/g, '')).not.toContain('\n');
      });
    }
  }
});
