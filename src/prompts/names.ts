import { agentNameProblem, NAME_RULE } from '../core/team/names.js';
import type { Output } from '../cli/output.js';
import { text } from './io.js';

/** A name that is free: `wanted`, else `wanted-2`, `wanted-3`, ... */
export function freeName(wanted: string, taken: ReadonlySet<string>): string {
  let name = wanted;
  for (let i = 2; taken.has(name); i += 1) name = `${wanted}-${i}`;
  return name;
}

function nameProblem(value: string, taken: ReadonlySet<string>): string | undefined {
  const problem = agentNameProblem(value);
  if (problem) return `The name ${problem}`;
  if (taken.has(value)) return `"${value}" is already an agent of this team`;
  return undefined;
}

/**
 * Asks for an agent name. The problem with what is typed shows beside it while typing, and
 * Enter is refused until the name is valid and free.
 */
export function askAgentName(out: Output, message: string, suggested: string, taken: ReadonlySet<string>): Promise<string> {
  return text({
    message,
    default: suggested,
    transformer: (value, { isFinal }) => {
      const problem = value && !isFinal ? nameProblem(value, taken) : undefined;
      return problem ? `${value}  ${out.style.red(`✗ ${problem}`)}` : value;
    },
    validate: (value) => {
      const problem = nameProblem(value, taken);
      return problem ? `${problem}. ${NAME_RULE}` : true;
    },
  });
}
