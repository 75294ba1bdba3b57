// The rule table: the one place that names what the scanner finds. Ids are stable strings that
// users write in `--allow` and that SARIF consumers key on; never rename one, add a new one.
/** How bad a finding is: high blocks a community source, high and medium an untrusted one. */
export type Severity = 'high' | 'medium' | 'low';

export interface Rule {
  id: string;
  /** The severity a plain hit gets; a finding may be lower (a quoted mention) or higher (combined). */
  severity: Severity;
  title: string;
  looksFor: string;
  why: string;
  fix: string;
}

export const RULES = [
  {
    id: 'bidi-control',
    severity: 'high',
    title: 'Bidirectional control character',
    looksFor: 'U+202A–202E, U+2066–2069 (embeddings, overrides, isolates); U+200E, U+200F, U+061C (marks) are medium in prose',
    why: 'Reorders what a reader sees without changing what the model or a shell reads (Trojan Source)',
    fix: 'Delete the character; write right-to-left text without controls',
  },
  {
    id: 'hidden-unicode',
    severity: 'high',
    title: 'Invisible or control character',
    looksFor:
      'Unicode tag characters, zero-width characters (U+200B–200D, U+2060–2064), a byte-order mark after the start, soft hyphens, blank-like fillers, stray variation selectors, terminal escapes and other control characters',
    why: 'Carries text the reviewer cannot see: tag characters spell whole instructions, zero-width characters split keywords past filters',
    fix: 'Delete the characters; an emoji sequence or a script that needs joiners (Persian, Indic) is not reported',
  },
  {
    id: 'homoglyph',
    severity: 'medium',
    title: 'Word mixing Latin with Cyrillic or Greek letters',
    looksFor: 'One word holding Latin letters and Cyrillic or Greek ones (`сurl` with a Cyrillic с)',
    why: 'Look-alike letters make a command, host or name read as something it is not, and slip past text searches',
    fix: 'Retype the word in one script',
  },
  {
    id: 'prompt-injection',
    severity: 'high',
    title: 'Instruction aimed at the model',
    looksFor:
      'Override, concealment and exfiltration phrasing ("ignore previous instructions", "do not tell the user", "silently", "exfiltrate"), hidden instructions in HTML comments, alt text and link titles',
    why: 'The model follows the text of a skill; these phrases turn it against the user it works for',
    fix: 'Remove the passage; quote such phrases (short, in quotes or backticks) when a skill teaches about them',
  },
  {
    id: 'inline-shell',
    severity: 'medium',
    title: 'Command the client runs when the skill loads',
    looksFor: 'In SKILL.md, an exclamation mark before a backticked command, and fenced blocks opened with three backticks and an exclamation mark',
    why: 'Claude Code runs these before the model sees the skill, fences or not; high with network, secrets or a dangerous pattern, low for read-only commands such as `git status`',
    fix: 'Remove it, or keep it to a read-only command the skill needs',
  },
  {
    id: 'pipe-to-shell',
    severity: 'high',
    title: 'Downloaded code is run',
    looksFor: '`curl … | sh`, `wget -O- … | bash`, `bash <(curl …)`, `iwr … | iex`, `eval "$(curl …)"`, download then chmod/run, `exec` of a fetched body, `import()` of a URL',
    why: 'Runs whatever the server sends today, unreviewed and unpinned',
    fix: 'Vendor the script into the skill, pinned and readable, or document a package install the user runs',
  },
  {
    id: 'obfuscated-exec',
    severity: 'high',
    title: 'Encoded or obfuscated code is run',
    looksFor: '`base64 -d | sh`, `eval(atob(…))`, `exec(base64.b64decode(…))`, `powershell -EncodedCommand`, hex or reversed text piped to a shell',
    why: 'Hides what runs from every reviewer; nothing legitimate in a skill needs it',
    fix: 'Ship the plain source',
  },
  {
    id: 'remote-package',
    severity: 'medium',
    title: 'Package fetched and run from a registry',
    looksFor: '`npx pkg`, `pnpm dlx`, `bunx`, `uvx`, `pipx run`, `pip install`, `go run …@`, `deno run https://…`; high when installed from a URL or git',
    why: 'Runs code that is not in the skill and can change after review',
    fix: 'Pin the version, prefer an installed copy (`npx --no-install`), or vendor it',
  },
  {
    id: 'network-access',
    severity: 'medium',
    title: 'Script reaches the network',
    looksFor: '`curl`, `wget`, `Invoke-WebRequest`, `fetch(`, `requests.*`, `urllib`, `http.request`, sockets in scripts and inline shell (low in documentation)',
    why: 'A channel for data to leave and for code to arrive',
    fix: 'Remove it, or name the host and say why in the skill',
  },
  {
    id: 'credential-read',
    severity: 'high',
    title: 'Credentials are read',
    looksFor:
      '`~/.ssh`, private keys, `~/.aws/credentials`, `~/.config/gh`, `.npmrc`, `.netrc`, `.git-credentials`, kube and docker configs, `/proc/self/environ`, keychains and browser stores, whole-environment dumps',
    why: 'A skill has no business with the user’s keys; reading them is the first half of theft',
    fix: 'Remove it; a skill that needs a token takes it from one documented environment variable',
  },
  {
    id: 'secret-exfiltration',
    severity: 'high',
    title: 'Secrets sent over the network',
    looksFor: 'A token variable (`*_TOKEN`, `*_SECRET`, `*_KEY`, `GITHUB_TOKEN`, `ANTHROPIC_API_KEY`…), a credential file or the environment on the same command as a network send, or in one script with one',
    why: 'This is theft; a token sent to its own service (GITHUB_TOKEN to api.github.com) is low',
    fix: 'Remove it',
  },
  {
    id: 'reverse-shell',
    severity: 'high',
    title: 'Remote shell',
    looksFor: '`/dev/tcp/`, `nc -e`, `socat … exec:`, `bash -i >&`, sockets wired to a shell in Python or PowerShell',
    why: 'Hands control of the machine to someone else',
    fix: 'Remove it',
  },
  {
    id: 'persistence',
    severity: 'high',
    title: 'Writes that outlive the session',
    looksFor: 'Writes to shell profiles, crontab, launch agents, systemd units, git hooks, `core.hooksPath`, `.claude/settings*.json`, `.mcp.json`, `permissions.allow`, other skills or agents',
    why: 'Keeps running or keeps its permissions after the skill is gone, outside any review',
    fix: 'Remove it; tell the user what to configure and let them do it',
  },
  {
    id: 'broad-allowed-tools',
    severity: 'high',
    title: 'allowed-tools pre-approves broad commands',
    looksFor: '`allowed-tools` granting `Bash`, `Bash(*)`, or a shell, interpreter, downloader or package runner (`Bash(curl:*)`, `Bash(python:*)`); `WebFetch` without a domain is medium',
    why: 'Pre-approved tools run without asking the user while the skill is active',
    fix: 'Narrow to the exact read-only commands the skill needs (`Bash(git diff:*)`)',
  },
  {
    id: 'skill-hooks',
    severity: 'high',
    title: 'Hooks in skill frontmatter',
    looksFor: 'A `hooks` key in SKILL.md frontmatter',
    why: 'Claude Code runs hook commands on events for the rest of the session, without the model deciding',
    fix: 'Remove the hooks; document what the user may configure themselves',
  },
  {
    id: 'frontmatter-key',
    severity: 'low',
    title: 'Frontmatter key outside the Agent Skills spec',
    looksFor: 'Keys Claude Code acts on but the spec does not define (`model`, `context`, `agent`, `shell`…) and unknown keys; `context: fork` with a custom `agent` is medium',
    why: 'Changes how and where the skill runs in Claude Code; a custom agent brings its own tools and permissions',
    fix: 'Keep the spec keys; review the agent a forked skill names',
  },
  {
    id: 'executable-file',
    severity: 'medium',
    title: 'Executable file',
    looksFor: 'A file with an exec bit, or a shebang script without a script extension; low inside scripts/',
    why: 'Runs when called, and hides what it is when it has no extension',
    fix: 'Keep scripts in scripts/ with their extension, or drop the exec bit',
  },
  {
    id: 'script-file',
    severity: 'low',
    title: 'Script file',
    looksFor: '`.sh .bash .ps1 .bat .cmd .py .js .rb .pl` and other script files',
    why: 'Code the model may run; read it before installing',
    fix: 'Nothing if you read it; reported so a reviewer knows it is there',
  },
  {
    id: 'binary-file',
    severity: 'high',
    title: 'Binary file',
    looksFor: 'ELF, Mach-O, PE, WebAssembly, Java class and compiled Python files (high); other non-text content, NUL bytes in a text file (medium)',
    why: 'Cannot be reviewed and can be run',
    fix: 'Remove it, or ship the source and build it yourself; images and fonts with matching extensions are not reported',
  },
  {
    id: 'archive-file',
    severity: 'medium',
    title: 'Archive',
    looksFor: 'zip, gzip, tar, bzip2, xz, 7z, rar, zstd and cab content',
    why: 'Hides its content from this scan and from a reviewer',
    fix: 'Ship the files unpacked',
  },
  {
    id: 'symlink',
    severity: 'medium',
    title: 'Symbolic link',
    looksFor: 'Any symlink inside the skill (never followed)',
    why: 'What it points to can change after review, and copying it may read files outside the skill',
    fix: 'Replace it with the file it points to',
  },
  {
    id: 'symlink-escape',
    severity: 'high',
    title: 'Symbolic link leading outside the skill',
    looksFor: 'A symlink whose target is absolute or resolves outside the skill folder',
    why: 'Exposes files such as `~/.ssh` to whatever reads the skill',
    fix: 'Remove it',
  },
  {
    id: 'oversized',
    severity: 'medium',
    title: 'Over a size limit',
    looksFor: 'A file over 512 KiB (only its start is scanned); a skill over 5 MiB or 500 files (high: the scan stopped)',
    why: 'What is not read is not checked, and size is a way to bury a payload',
    fix: 'Split or trim the content',
  },
  {
    id: 'odd-path',
    severity: 'high',
    title: 'Unusual path or file type',
    looksFor: 'Names with control, bidirectional or invisible characters, `..` or backslashes; FIFOs, sockets and devices (high); too-deep folders (medium); dotfiles and names Windows cannot hold (low)',
    why: 'Such names mislead a reviewer or escape a folder on another system; special files can hang a reader',
    fix: 'Rename or remove',
  },
] as const satisfies readonly Rule[];

export type RuleId = (typeof RULES)[number]['id'];

export const RULE_IDS: readonly RuleId[] = RULES.map((r) => r.id);

const byId = new Map<string, Rule>(RULES.map((r) => [r.id, r]));

export function isRuleId(id: string): id is RuleId {
  return byId.has(id);
}

export function ruleById(id: RuleId): Rule {
  return byId.get(id)!;
}
