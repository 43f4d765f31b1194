/**
 * The one formatter (DESIGN §2): turns an episode (header, states, commands) into model text.
 * Two prompt styles share it:
 *  - "coe": raw text for models trained on this format (our own models);
 *  - "chat": system/user/assistant messages for instruct models, rendered by the model's own chat
 *    template in core/model.
 * Training (synth, dataset export) and inference (loop) build their text only through here.
 */
import { renderState } from "./renderState.js";

export type PromptStyle = "coe" | "chat";

export interface EpisodeHeader {
  /** Natural-language task, when known (MBPP text, a docstring). */
  description?: string;
  /** The tests as the model should read them (snippets, or the pytest file). */
  tests: string;
}

export type SegmentKind = "prompt" | "state" | "command";

/** A piece of model text. Training puts the loss on "command" segments only. */
export interface Segment {
  kind: SegmentKind;
  text: string;
}

export interface ChatMessage {
  role: "system" | "user" | "assistant";
  text: string;
}

/** The worked example of the chat-style system prompt, rendered by renderState like every real state. */
const EXAMPLE_BEFORE = renderState(["def add(a, b):", "    return a - b"], {
  kind: "ok",
  passed: 0,
  total: 1,
  tests: [{ name: "add(1, 2) == 3", status: "fail", got: "-1" }],
  ms: 0,
});
const EXAMPLE_AFTER = renderState(["def add(a, b):", "    return a + b"], {
  kind: "ok",
  passed: 1,
  total: 1,
  tests: [{ name: "add(1, 2) == 3", status: "pass" }],
  ms: 0,
});

/**
 * The chat style's system message: the DSL, then a short worked example (a numbered state, a
 * command, the next state, EXIT), so an instruct model that never saw this format can follow it zero-shot.
 */
export const SYSTEM_PROMPT = [
  "You repair Python code by editing it one command at a time. After each command the tests run",
  "and you see the new state: the numbered lines (L n), a *** line, and the test results.",
  "Commands, one per turn:",
  "DELL n                 delete line n",
  "ADDL n >>>text         insert text so that it becomes line n",
  "REPL n >>>text         replace line n with text (keep its indentation)",
  "REPW n >>>old >>>new   replace old with new in line n",
  "EXIT                   stop (when all tests pass)",
  "",
  "Example. The state:",
  EXAMPLE_BEFORE,
  "Your command:",
  "REPW 2 >>>- >>>+",
  "The next state:",
  EXAMPLE_AFTER,
  "Your command:",
  "EXIT",
  "",
  "Answer with exactly one command per turn and nothing else.",
].join("\n");

const MAX_TESTS_CHARS = 1200;
const MAX_DESCRIPTION_CHARS = 400;

function clipBlock(s: string, max: number): string {
  const t = s.trim();
  return t.length <= max ? t : t.slice(0, max) + "\n...";
}

/** The text before the first state. */
export function formatHeader(header: EpisodeHeader): string {
  const parts: string[] = [];
  if (header.description) parts.push(`### Task\n${clipBlock(header.description, MAX_DESCRIPTION_CHARS)}`);
  parts.push(`### Tests\n${clipBlock(header.tests, MAX_TESTS_CHARS)}`);
  return parts.join("\n") + "\n";
}

/** A state turn in the raw style; it ends with the cue after which the model writes a command. */
export function formatStateTurn(state: string): string {
  return `### State\n${state}\n### Command\n`;
}

/** A command turn: the command text and the newline the grammar ends it with. */
export function formatCommandTurn(command: string): string {
  return `${command}\n`;
}

/**
 * The raw-style segments of an episode: the prompt (header + first state), then alternating
 * command and state segments. `states` has one more entry than `commands` unless the episode
 * ended (EXIT) after the last command.
 */
export function formatEpisode(
  header: EpisodeHeader,
  states: readonly string[],
  commands: readonly string[],
): Segment[] {
  if (states.length === 0) throw new Error("an episode needs its initial state");
  const segments: Segment[] = [{ kind: "prompt", text: formatHeader(header) + formatStateTurn(states[0]!) }];
  for (let i = 0; i < commands.length; i++) {
    segments.push({ kind: "command", text: formatCommandTurn(commands[i]!) });
    const next = states[i + 1];
    if (next !== undefined) segments.push({ kind: "state", text: formatStateTurn(next) });
  }
  return segments;
}

/** The chat-style messages of an episode, for models with their own chat template. */
export function formatChat(
  header: EpisodeHeader,
  states: readonly string[],
  commands: readonly string[],
): ChatMessage[] {
  const messages: ChatMessage[] = [{ role: "system", text: SYSTEM_PROMPT }];
  messages.push({ role: "user", text: formatHeader(header) + `### State\n${states[0]!}` });
  for (let i = 0; i < commands.length; i++) {
    messages.push({ role: "assistant", text: commands[i]! });
    const next = states[i + 1];
    if (next !== undefined) messages.push({ role: "user", text: `### State\n${next}` });
  }
  return messages;
}
