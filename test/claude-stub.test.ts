import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { answers, messagesText, removeHome, runClaude, skillListing, systemIncludes, systemText, toolNames, toolResult, type ClaudeRun } from './helpers/claude-stub.js';
import { tempDir } from './helpers/cli.js';

/**
 * The scripted API stub drives the real pinned client: a tool_use it sends back is executed by
 * the client, and what the client sends next (a subagent's own request, a tool_result) is recorded.
 */
const runs: ClaudeRun[] = [];
afterAll(() => runs.forEach(removeHome));
const keep = (run: ClaudeRun) => (runs.push(run), run);

function project(): string {
  const dir = tempDir('claude-stub-');
  mkdirSync(join(dir, '.claude/agents'), { recursive: true });
  writeFileSync(join(dir, '.claude/agents/qa.md'), '---\nname: qa\ndescription: Tests the change before it ships.\ntools: Read, Grep\n---\nYou are the QA marker agent 7f3a.\n');
  mkdirSync(join(dir, '.claude/skills/smoke-check'), { recursive: true });
  writeFileSync(join(dir, '.claude/skills/smoke-check/SKILL.md'), '---\nname: smoke-check\ndescription: Runs the smoke checks.\n---\nSmoke body marker 91c2.\n');
  return dir;
}

describe('the scripted Claude API stub, against the real client', () => {
  it('round-trips a delegation: Agent tool_use → the subagent request → its report as tool_result → final text', async () => {
    const run = keep(await runClaude({
      cwd: project(),
      script: [
        { label: 'subagent', when: systemIncludes('You are the QA marker agent 7f3a.'), reply: { text: 'QA report: 3 checks passed' } },
        { label: 'final', when: answers('toolu_delegate'), reply: { text: 'All done' } },
        { label: 'delegate', reply: { toolUses: [{ id: 'toolu_delegate', name: 'Agent', input: { subagent_type: 'qa', description: 'Check the change', prompt: 'Check the change in src/', run_in_background: false } }] } },
      ],
    }));
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout.trim()).toBe('All done');
    expect(run.answeredBy).toEqual(['delegate', 'subagent', 'final']);
    const [main, sub, resumed] = run.messages;
    expect(main.body.stream).toBe(true);
    expect(toolNames(main)).toContain('Agent');
    expect(skillListing(main)?.entries).toContainEqual({ name: 'smoke-check', description: 'Runs the smoke checks.', hasDescription: true });
    // The subagent's own request: the agent body is its system prompt, its tools are `tools:`.
    expect(systemText(sub)).toContain('You are the QA marker agent 7f3a.');
    expect(toolNames(sub).sort()).toEqual(['Grep', 'Read']);
    expect(messagesText(sub)).toContain('Check the change in src/');
    expect(skillListing(sub)).toBeUndefined();
    expect(toolResult(resumed, 'toolu_delegate')).toContain('QA report: 3 checks passed');
    expect(run.debugLog).toContain('[DEBUG]');
  });

  it('makes the client invoke a skill and records the tool_result it got', async () => {
    const run = keep(await runClaude({
      cwd: project(),
      script: [
        { label: 'final', when: answers('toolu_skill'), reply: { text: 'Skill used' } },
        { label: 'invoke', reply: { toolUses: [{ id: 'toolu_skill', name: 'Skill', input: { skill: 'smoke-check' } }] } },
      ],
    }));
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout.trim()).toBe('Skill used');
    const resumed = run.messages.at(-1)!;
    expect(toolResult(resumed, 'toolu_skill')).toBeDefined();
    // The skill body arrives in the conversation after the tool_result.
    expect(messagesText(resumed)).toContain('Smoke body marker 91c2.');
  });

  it('answers the non-streaming request the client falls back to after an empty stream', async () => {
    const run = keep(await runClaude({
      cwd: project(),
      script: [{ label: 'broken', when: (req) => req.body.stream === true, reply: { brokenStream: true } }],
      fallback: { text: 'Answered without streaming' },
    }));
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout.trim()).toBe('Answered without streaming');
    expect(run.messages.map((m) => m.body.stream)).toEqual([true, false]);
    expect(run.debugLog).toContain('falling back to non-streaming mode');
  });

  it('reads the skill listing the way the client cuts it to budget: 1% of the window, names only past it', async () => {
    const dir = tempDir('claude-stub-budget-');
    // 20 skills × ~510 chars ≈ 10k: over the 8,000 of a 200k-window model, within the 30,000 of a 1M one.
    const names = Array.from({ length: 20 }, (_, i) => `skill-${String(i).padStart(2, '0')}`);
    for (const name of names) {
      mkdirSync(join(dir, '.claude/skills', name), { recursive: true });
      writeFileSync(join(dir, '.claude/skills', name, 'SKILL.md'), `---\nname: ${name}\ndescription: "${'Describes the skill. '.repeat(25).trim()}"\n---\nBody.\n`);
    }
    const [small, large] = await Promise.all(['claude-sonnet-4-6', 'claude-opus-5'].map(async (model) => keep(await runClaude({ cwd: dir, args: ['-p', 'hi', '--model', model] }))));
    const ours = (run: ClaudeRun) => skillListing(run.messages[0])!.entries.filter((e) => names.includes(e.name));
    expect(ours(large).map((e) => e.hasDescription)).toEqual(names.map(() => true));
    expect(large.debugLog).not.toContain('Skill listing over budget');
    expect(small.debugLog).toMatch(/Skill listing over budget: \d+ skills, \d+ chars > 8000 budget/);
    const kept = ours(small).map((e) => e.hasDescription);
    // Descriptions survive in listing order until the budget runs out; the rest are bare names.
    expect(kept.indexOf(false)).toBeGreaterThan(0);
    expect(kept.slice(kept.indexOf(false)).every((k) => !k)).toBe(true);
    expect(skillListing(small.messages[0])!.text.length).toBeLessThanOrEqual(8000);
  });
});
