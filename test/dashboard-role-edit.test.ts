import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { withRoleOverride } from '../src/core/team/edit.js';

const TEAM = `# Our team.
version: 1
agents:
  web: { role: fe } # the web client
roles:
  # Backend people here use Sonnet.
  be:
    model: sonnet # cheaper
    description: Our backend developer. Use for the API.
`;

describe('withRoleOverride (the role override edit behind the dashboard)', () => {
  it('adds a roles section when there is none, with short lists on one line', () => {
    const text = withRoleOverride('version: 1\nagents: {}\n', 'fe', { model: 'opus', skills: { include: ['decisions', 'review'] } });
    expect(parse(text)).toEqual({ version: 1, agents: {}, roles: { fe: { model: 'opus', skills: { include: ['decisions', 'review'] } } } });
    expect(text).toContain('include: [ decisions, review ]');
  });

  it('changes only the keys that changed, so comments on the others survive', () => {
    const text = withRoleOverride(TEAM, 'be', { model: 'sonnet', description: 'Builds the API. Use for endpoints.', color: 'green' });
    expect(text).toContain('# Our team.');
    expect(text).toContain('web: { role: fe } # the web client');
    expect(text).toContain('# Backend people here use Sonnet.');
    expect(text).toContain('model: sonnet # cheaper');
    expect(parse(text).roles.be).toEqual({ model: 'sonnet', description: 'Builds the API. Use for endpoints.', color: 'green' });
  });

  it('drops keys left out of the new override', () => {
    const text = withRoleOverride(TEAM, 'be', { description: 'Our backend developer. Use for the API.' });
    expect(parse(text).roles.be).toEqual({ description: 'Our backend developer. Use for the API.' });
  });

  it('adds a second role next to the first', () => {
    const text = withRoleOverride(TEAM, 'lead', { model: 'opus' });
    expect(Object.keys(parse(text).roles)).toEqual(['be', 'lead']);
    expect(text).toContain('model: sonnet # cheaper');
  });

  it('removes the override with null (or an empty one), and the empty roles section with it', () => {
    for (const override of [null, {}]) {
      const text = withRoleOverride(TEAM, 'be', override);
      expect(parse(text)).toEqual({ version: 1, agents: { web: { role: 'fe' } } });
      expect(text).toContain('# Our team.');
    }
  });

  it('writes names and values as data, never as YAML syntax', () => {
    const text = withRoleOverride('version: 1\n', 'fe', { description: 'Line one.\nmodel: opus\n# not a comment' });
    expect(parse(text).roles.fe).toEqual({ description: 'Line one.\nmodel: opus\n# not a comment' });
  });
});
