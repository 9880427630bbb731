/**
 * `minsheng completion bash|zsh` — prints a shell completion script for the commands and their options,
 * generated from the commander definitions (so it never lists an option that does not exist). File
 * arguments complete as files (the shell's own completion).
 */
import { Argument, type Command } from 'commander';
import { EXIT_OK, defineAction } from '../shared';

const SHELLS = ['bash', 'zsh'] as const;

interface CommandWords {
  readonly name: string;
  readonly description: string;
  readonly options: readonly { readonly flag: string; readonly description: string }[];
}

/** Registers `completion` on the program. */
export function registerCompletion(program: Command): void {
  program
    .command('completion')
    .description('print a shell completion script (bash or zsh)')
    .addArgument(new Argument('<shell>', 'the shell').choices(SHELLS))
    .addHelpText(
      'after',
      `
Examples:
  $ eval "$(minsheng completion bash)"     # in ~/.bashrc
  $ eval "$(minsheng completion zsh)"      # in ~/.zshrc, after compinit`,
    )
    .action(
      defineAction<Record<string, never>>((ctx, [shell]) => {
        const words = commandWords(program);
        ctx.out(shell === 'zsh' ? zshScript(words) : bashScript(words));
        return EXIT_OK;
      }),
    );
}

/** Every command with its long options (and `--help`), from the commander program. */
function commandWords(program: Command): CommandWords[] {
  return program.commands.map((command) => ({
    name: command.name(),
    description: command.description(),
    options: [
      ...command.options.flatMap((option) => (option.long ? [{ flag: option.long, description: option.description }] : [])),
      { flag: '--help', description: 'show help' },
    ],
  }));
}

function bashScript(commands: readonly CommandWords[]): string {
  const cases = commands.map((c) => `    ${c.name}) opts="${c.options.map((o) => o.flag).join(' ')}" ;;`).join('\n');
  return `# minsheng completion for bash. Load it with: eval "$(minsheng completion bash)"
_minsheng() {
  local cur="\${COMP_WORDS[COMP_CWORD]}" opts=""
  if [ "$COMP_CWORD" -eq 1 ]; then
    COMPREPLY=($(compgen -W "${commands.map((c) => c.name).join(' ')} --help --version --no-color" -- "$cur"))
    return
  fi
  case "\${COMP_WORDS[1]}" in
${cases}
  esac
  if [[ "$cur" == -* ]]; then
    COMPREPLY=($(compgen -W "$opts --no-color" -- "$cur"))
  else
    COMPREPLY=()
  fi
}
complete -o default -F _minsheng minsheng`;
}

/** Text inside a single-quoted zsh word, with the characters `_describe` / `_arguments` treat specially escaped. */
function zshText(text: string): string {
  return text.replace(/'/g, "'\\''").replace(/([:[\]])/g, '\\$1');
}

function zshScript(commands: readonly CommandWords[]): string {
  const list = commands.map((c) => `    '${c.name}:${zshText(c.description)}'`).join('\n');
  const cases = commands
    .map((c) => `    ${c.name}) _arguments '*:file:_files' ${c.options.map((o) => `'${o.flag}[${zshText(o.description)}]'`).join(' ')} ;;`)
    .join('\n');
  return `#compdef minsheng
# minsheng completion for zsh. Load it with: eval "$(minsheng completion zsh)" (after compinit)
_minsheng() {
  local -a commands
  commands=(
${list}
  )
  if (( CURRENT == 2 )); then
    _describe 'command' commands
    return
  fi
  case "$words[2]" in
${cases}
  esac
}
compdef _minsheng minsheng`;
}

