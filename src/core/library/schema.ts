import * as z from 'zod/mini';
import { AGENT_NAME_PATTERN } from '../team/names.js';
import { AgentSpec, Name } from '../team/names-schema.js';

export { AgentSpec, Name, type AgentSpecData } from '../team/names-schema.js';

export const MODELS = ['sonnet', 'opus', 'haiku', 'fable', 'inherit'] as const;
export const COLORS = ['red', 'blue', 'green', 'yellow', 'purple', 'orange', 'pink', 'cyan'] as const;
/** Hook events an integration may use (docs/claude-code-formats.md §4.4); events outside this list are refused. */
export const HOOK_EVENTS = ['PreToolUse', 'PostToolUse', 'PostToolUseFailure', 'UserPromptSubmit', 'SessionStart', 'SessionEnd', 'Stop', 'SubagentStart', 'SubagentStop', 'Notification', 'PreCompact', 'TeammateIdle', 'TaskCreated', 'TaskCompleted'] as const;
export const MCP_TYPES = ['stdio', 'http', 'sse', 'ws'] as const;
/** Where an integration is written: the project's settings / `.mcp.json`, or the frontmatter of the agents that declare it. */
export const INTEGRATION_SCOPES = ['project', 'agent'] as const;
/** A value that names an environment variable and holds nothing else: the only way a secret may appear. */
export const ENV_REFERENCE = /^\$\{[A-Z_][A-Z0-9_]{0,63}\}$/;
/** An HTTP header value: an environment reference, optionally after an auth scheme. */
export const HEADER_REFERENCE = /^((Bearer|Basic|Token) )?\$\{[A-Z_][A-Z0-9_]{0,63}\}$/;

/** A range of majors: `13`, `13-14`, `>=16`, `<=14`. */
export const MAJOR_RANGE = /^(\d{1,6}|\d{1,6}-\d{1,6}|>=\d{1,6}|<=\d{1,6})$/;

/**
 * The registry's schemas, built on first use: building them is a measurable part of a small
 * command's start, and a command that finds its catalog in the cache never needs them.
 */
function build() {
  const Text = z.string().check(z.minLength(1));
  const TextList = z.array(Text);


  const Model = z.string().check(
    z.refine((m) => (MODELS as readonly string[]).includes(m) || /^claude-[a-z0-9.-]+$/.test(m), {
      message: `must be one of ${MODELS.join(', ')} or a full model id starting with claude-`,
    }),
  );

  const SkillRef = z.union([Name(), z.strictObject({ category: Name() })]);

  const RoleSkills = z.strictObject({
    include: z.optional(z.array(SkillRef)),
    inherit: z.optional(z.array(Name())),
    exclude: z.optional(z.array(Name())),
  });

  const Pattern = Text.check(
    z.refine((p) => {
      try {
        new RegExp(p);
        return true;
      } catch {
        return false;
      }
    }, { message: 'must be a valid regular expression' }),
  );

  /** Evidence that selects something: packages of each ecosystem, files (globs), or text in a file. */
  const evidence = {
    npm: z.optional(TextList),
    pypi: z.optional(TextList),
    go: z.optional(TextList),
    maven: z.optional(TextList),
    pub: z.optional(TextList),
    files: z.optional(TextList),
    contents: z.optional(z.array(z.strictObject({ file: Text, pattern: Pattern }))),
  };

  /** `unless` is evidence of the same shape that vetoes a match in that package (one level deep). */
  const Detect = z.strictObject({ ...evidence, unless: z.optional(z.strictObject(evidence)) });

  /**
   * When stack detection proposes an agent of this role: where one of the named variants is
   * detected, or where the `detect` evidence is found. `name` is the agent's default name.
   */
  const Propose = z.strictObject({
    name: z.optional(z.string().check(z.regex(AGENT_NAME_PATTERN, 'must be a valid agent name: lowercase letters, digits and single dashes, starting with a letter'), z.maxLength(64))),
    variants: z.optional(z.array(Name())),
    detect: z.optional(Detect),
  });


  const ConventionsEntry = z.union([
    Text,
    z.strictObject({
      file: Text,
      versions: z.string().check(z.regex(MAJOR_RANGE, 'must be a range of majors: N, N-M, >=N or <=N')),
    }),
  ]);

  /** Whose version decides which conventions apply: one package of one ecosystem. */
  const VersionSource = z.strictObject({
    npm: z.optional(Text),
    pypi: z.optional(Text),
    go: z.optional(Text),
    maven: z.optional(Text),
    pub: z.optional(Text),
  });

  /** Integrations a role or a variant value brings, by their names in the registry's `hooks` / `mcp_servers`. */
  const integrationRefs = {
    hooks: z.optional(z.array(Name()).check(z.maxLength(50))),
    mcp_servers: z.optional(z.array(Name()).check(z.maxLength(50))),
  };

  /**
   * One hook: a command run on an event, in Claude Code's handler shape. Library text, never user
   * input, and still checked (validate.ts): it must not download anything.
   */
  const Hook = z.strictObject({
    description: Text.check(z.maxLength(300)),
    scope: z.optional(z.enum(INTEGRATION_SCOPES)),
    event: z.enum(HOOK_EVENTS),
    matcher: z.optional(Text.check(z.maxLength(200))),
    command: Text.check(z.maxLength(4000)),
    /** Seconds, as Claude Code counts them. */
    timeout: z.optional(z.number().check(z.int(), z.positive(), z.maximum(600))),
  });

  /** One MCP server in `.mcp.json`'s shape; secrets only as `${VAR}` references. */
  const McpServer = z.strictObject({
    description: Text.check(z.maxLength(300)),
    scope: z.optional(z.enum(INTEGRATION_SCOPES)),
    type: z.optional(z.enum(MCP_TYPES)),
    command: z.optional(Text.check(z.maxLength(500))),
    args: z.optional(z.array(z.string().check(z.maxLength(500))).check(z.maxLength(50))),
    env: z.optional(z.record(z.string().check(z.regex(/^[A-Z_][A-Z0-9_]{0,63}$/, 'must be an environment variable name')), z.string().check(z.regex(ENV_REFERENCE, 'must be a reference such as ${API_TOKEN}, never a value')))),
    url: z.optional(Text.check(z.maxLength(2048))),
    headers: z.optional(z.record(z.string().check(z.regex(/^[A-Za-z0-9-]{1,64}$/, 'must be a header name')), z.string().check(z.regex(HEADER_REFERENCE, 'must be a reference such as "Bearer ${API_TOKEN}", never a value')))),
  });

  const VariantValue = z.strictObject({
    ...integrationRefs,
    title: z.optional(Text),
    description: z.optional(Text),
    skills: z.optional(z.array(Name())),
    /** One file for every version, or a list: files for every version and files per range of majors. */
    conventions: z.optional(z.union([Text, z.array(ConventionsEntry)])),
    version: z.optional(VersionSource),
    detect: z.optional(Detect),
  });

  const Variant = z.strictObject({
    title: z.optional(Text),
    multiple: z.optional(z.boolean()),
    values: z.record(Name(), VariantValue),
  });

  const roleShape = {
    ...integrationRefs,
    title: Text,
    description: Text,
    tools: z.optional(z.union([Name(), TextList])),
    model: z.optional(Model),
    color: z.optional(z.enum(COLORS)),
    rules: z.optional(z.union([Text, TextList])),
    skills: z.optional(RoleSkills),
    variants: z.optional(z.record(Name(), Variant)),
    propose: z.optional(Propose),
    /** Kinds of work this role owns, each a short phrase; no two roles share one. */
    owns: z.optional(z.array(Text.check(z.maxLength(120)))),
    /** Work often mistaken for this role's, and the role that owns it. */
    hands_off: z.optional(z.array(z.strictObject({ work: Text, to: Name() }))),
  };

  const Role = z.strictObject(roleShape);
  /** A project's override of a library role, or a new role: the same shape, every key optional. */
  const RoleOverride = z.partial(z.strictObject(roleShape));

  const SkillEntry = z.strictObject({
    path: z.optional(Text),
    category: Name(),
    tags: z.optional(TextList),
    depends_on: z.optional(z.array(Name())),
    recommends: z.optional(z.array(Name())),
    variant_only: z.optional(z.boolean()),
    /** Installed for the whole team when agent teams are on (docs/teams.md), never by a role. */
    with_teams: z.optional(z.boolean()),
    /** Listed with its description in the main session; every other skill is listed by name only. */
    main_session: z.optional(z.boolean()),
  });

  const Preset = z.strictObject({
    description: Text,
    agents: z.record(Name(), AgentSpec()),
  });

  const Registry = z.strictObject({
    version: z.literal(1),
    tool_profiles: z.optional(z.record(Name(), TextList)),
    categories: z.record(Name(), z.strictObject({ title: Text, description: z.optional(Text) })),
    skills: z.record(Name(), SkillEntry),
    roles: z.optional(z.record(Name(), Role)),
    presets: z.optional(z.record(Name(), Preset)),
    hooks: z.optional(z.record(Name(), Hook)),
    mcp_servers: z.optional(z.record(Name(), McpServer)),
  });
  return { Hook, McpServer, SkillRef, RoleSkills, Detect, Propose, ConventionsEntry, VersionSource, VariantValue, Variant, Role, RoleOverride, SkillEntry, Preset, Registry };
}

let built: ReturnType<typeof build> | undefined;

export function registrySchemas(): ReturnType<typeof build> {
  return (built ??= build());
}

type Schemas = ReturnType<typeof build>;

export type RegistryData = z.infer<Schemas['Registry']>;
export type RoleData = z.infer<Schemas['Role']>;
export type RoleOverrideData = z.infer<Schemas['RoleOverride']>;
export type SkillEntryData = z.infer<Schemas['SkillEntry']>;
export type VariantData = z.infer<Schemas['Variant']>;
export type VariantValueData = z.infer<Schemas['VariantValue']>;
export type SkillRefData = z.infer<Schemas['SkillRef']>;
export type DetectData = z.infer<Schemas['Detect']>;
export type VersionSourceData = z.infer<Schemas['VersionSource']>;
export type ConventionsEntryData = z.infer<Schemas['ConventionsEntry']>;
export type HookData = z.infer<Schemas['Hook']>;
export type McpServerData = z.infer<Schemas['McpServer']>;
export type ProposeData = z.infer<Schemas['Propose']>;
