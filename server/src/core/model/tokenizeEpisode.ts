/**
 * THE function that turns an episode into token ids (DESIGN §2: "training data and inference use the
 * same function"). Inference (LlamaPolicy) and every producer of training data (synthetic demos,
 * dataset export, RL rollouts) call tokenizeEpisode, so the ids a model is trained on are exactly the
 * ids it later sees in its KV cache.
 *
 * How: the one formatter (core/tool/formatEpisode) cuts the episode into segments (prompt, command,
 * state, ...). Each segment is tokenized on its own and the ids are concatenated. Tokenizing segment
 * by segment (instead of the whole text at once) keeps the ids of earlier turns unchanged when a turn
 * is appended, which is what lets the runtime reuse its KV cache turn after turn.
 *
 * Styles:
 *  - "coe": the raw text of formatEpisode; BOS first when the model wants one.
 *  - "chat": formatChat's messages rendered by the model's own chat template (node-llama-cpp's chat
 *    wrapper for the GGUF). The rendering of each longer history is cut into the part that the shorter
 *    history already rendered and the new part, so segments are again "what this turn appended".
 *    A command segment is the assistant text only (no end-of-turn token: the grammar ends our turns).
 */
import {
  LlamaText,
  SpecialToken,
  SpecialTokensText,
  resolveChatWrapper,
  type ChatHistoryItem,
  type ChatWrapper,
  type LlamaModel,
  type LlamaTextValue,
} from "node-llama-cpp";
import type { EpisodeContext } from "./Policy.js";
import {
  formatChat,
  formatCommandTurn,
  formatEpisode,
  type PromptStyle,
  type SegmentKind,
  type EpisodeHeader,
} from "../tool/formatEpisode.js";

export interface TokenizedSegment {
  kind: SegmentKind;
  /** [start, end) into ids. */
  start: number;
  end: number;
}

export interface TokenizedEpisode {
  ids: number[];
  /** 1 on the tokens of "command" segments (the loss mask for training), 0 elsewhere. */
  mask: number[];
  segments: TokenizedSegment[];
}

export interface TokenizeEpisodeOptions {
  /** A loaded model; for training data `loadModel({modelPath, vocabOnly: true})` is enough. */
  model: LlamaModel;
  style: PromptStyle;
  /** Chat style only; resolved from the GGUF (and cached per model) when omitted. */
  chatWrapper?: ChatWrapper;
}

/** A finished episode: every state was answered, the last command is EXIT (states.length === commands.length). */
export interface FinishedEpisode {
  header: EpisodeHeader;
  states: readonly string[];
  commands: readonly string[];
}

const wrappers = new WeakMap<LlamaModel, ChatWrapper>();

/** The chat wrapper node-llama-cpp resolves for this GGUF (its chat template), cached per model. */
export function chatWrapperFor(model: LlamaModel): ChatWrapper {
  let w = wrappers.get(model);
  if (!w) {
    w = resolveChatWrapper(model, { warningLogs: false });
    wrappers.set(model, w);
  }
  return w;
}

/** Whether the GGUF carries a chat template (style "auto" picks "chat" then). */
export function hasChatTemplate(model: LlamaModel): boolean {
  const t = model.fileInfo.metadata?.tokenizer?.chat_template;
  return typeof t === "string" && t.trim() !== "";
}

/** Tokens of the episode so far, ending with the cue after which the model writes its next command. */
export function tokenizeEpisode(episode: EpisodeContext, options: TokenizeEpisodeOptions): TokenizedEpisode {
  if (episode.states.length !== episode.commands.length + 1)
    throw new Error(
      `an open episode has one more state than commands (got ${episode.states.length} states, ${episode.commands.length} commands)`,
    );
  return tokenizeAny(episode, options);
}

/**
 * The ids that `command` adds after tokenizeEpisode(context): exactly the "command" segment the episode
 * with this command appended would have (what training puts the loss on; what the ranker scores).
 */
export function tokenizeCommandTurn(
  episode: EpisodeContext,
  command: string,
  options: TokenizeEpisodeOptions,
): number[] {
  // coe style: segments are tokenized on their own, so the segment is the command turn's text alone.
  if (options.style === "coe") return options.model.tokenize(formatCommandTurn(command), false, "trimLeadingSpace");
  const extended = { header: episode.header, states: episode.states, commands: [...episode.commands, command] };
  const full = tokenizeAny(extended, options);
  const last = full.segments[full.segments.length - 1];
  if (!last || last.kind !== "command") throw new Error("the chat template rendered no command segment");
  return full.ids.slice(last.start, last.end);
}

/** Tokens of an episode that ended on EXIT: the training target of a whole demo or rollout. */
export function tokenizeFinishedEpisode(episode: FinishedEpisode, options: TokenizeEpisodeOptions): TokenizedEpisode {
  if (episode.commands.length !== episode.states.length || episode.commands.length === 0)
    throw new Error(
      `a finished episode has as many commands as states (got ${episode.states.length} states, ${episode.commands.length} commands)`,
    );
  if (episode.commands[episode.commands.length - 1] !== "EXIT") throw new Error("a finished episode ends with EXIT");
  return tokenizeAny(episode, options);
}

function tokenizeAny(episode: FinishedEpisode, options: TokenizeEpisodeOptions): TokenizedEpisode {
  const { model } = options;
  const pieces: { kind: SegmentKind; ids: number[] }[] = [];
  if (options.style === "coe") {
    const bos = model.tokens.bos;
    if (bos !== null && model.tokens.shouldPrependBosToken) pieces.push({ kind: "prompt", ids: [bos] });
    for (const seg of formatEpisode(episode.header, episode.states, episode.commands))
      pieces.push({ kind: seg.kind, ids: model.tokenize(seg.text, false, "trimLeadingSpace") });
  } else {
    const wrapper = options.chatWrapper ?? chatWrapperFor(model);
    for (const seg of chatSegments(wrapper, episode))
      pieces.push({ kind: seg.kind, ids: seg.text.tokenize(model.tokenizer, "trimLeadingSpace") });
  }
  const out: TokenizedEpisode = { ids: [], mask: [], segments: [] };
  for (const p of pieces) {
    const start = out.ids.length;
    for (const id of p.ids) {
      out.ids.push(id);
      out.mask.push(p.kind === "command" ? 1 : 0);
    }
    const last = out.segments[out.segments.length - 1];
    // The BOS piece and the prompt text form one "prompt" segment.
    if (last && last.kind === p.kind && p.kind === "prompt") last.end = out.ids.length;
    else out.segments.push({ kind: p.kind, start, end: out.ids.length });
  }
  return out;
}

/**
 * Chat segments: render growing prefixes of the history and keep what each one adds. A history that
 * ends with a user message gets an empty model response, which renders the assistant cue (the
 * generation prompt); one that ends with the model's command leaves that response open.
 */
function chatSegments(wrapper: ChatWrapper, episode: FinishedEpisode): { kind: SegmentKind; text: LlamaText }[] {
  const messages = formatChat(episode.header, episode.states, episode.commands);
  const history: ChatHistoryItem[] = [];
  const out: { kind: SegmentKind; text: LlamaText }[] = [];
  let previous: LlamaTextValue[] = [];
  for (let i = 0; i < messages.length; i++) {
    const m = messages[i]!;
    if (m.role === "system") {
      history.push({ type: "system", text: m.text });
      continue; // rendered together with the first user message
    }
    history.push(m.role === "user" ? { type: "user", text: m.text } : { type: "model", response: [m.text] });
    const rendered = m.role === "user" ? [...history, { type: "model", response: [] } as ChatHistoryItem] : history;
    const values = normalize(wrapper.generateContextState({ chatHistory: rendered }).contextText);
    const added = suffixAfter(previous, values);
    if (added === undefined)
      throw new Error(
        `the chat template of this model does not render turns incrementally (message ${i}); use style "coe"`,
      );
    const kind: SegmentKind = m.role === "assistant" ? "command" : out.length === 0 ? "prompt" : "state";
    out.push({ kind, text: LlamaText(added) });
    previous = values;
  }
  return out;
}

/** Merges adjacent plain strings and adjacent special-token texts; drops empty strings. */
function normalize(text: LlamaText): LlamaTextValue[] {
  const out: LlamaTextValue[] = [];
  for (const v of text.values) {
    const last = out[out.length - 1];
    if (typeof v === "string") {
      if (v === "") continue;
      if (typeof last === "string") out[out.length - 1] = last + v;
      else out.push(v);
    } else if (v instanceof SpecialTokensText) {
      if (v.value === "") continue;
      if (last instanceof SpecialTokensText) out[out.length - 1] = new SpecialTokensText(last.value + v.value);
      else out.push(v);
    } else out.push(v);
  }
  return out;
}

function sameKind(a: LlamaTextValue, b: LlamaTextValue): boolean {
  if (typeof a === "string") return typeof b === "string";
  if (a instanceof SpecialTokensText) return b instanceof SpecialTokensText;
  return b instanceof SpecialToken && b.value === (a as SpecialToken).value;
}

function valueText(v: LlamaTextValue): string {
  return typeof v === "string" ? v : v instanceof SpecialTokensText ? v.value : "";
}

/** What `full` adds after `prefix`, or undefined when `prefix` is not a prefix of `full`. */
function suffixAfter(prefix: readonly LlamaTextValue[], full: readonly LlamaTextValue[]): LlamaTextValue[] | undefined {
  if (prefix.length === 0) return full.slice();
  if (full.length < prefix.length) return undefined;
  const lastIndex = prefix.length - 1;
  for (let i = 0; i < lastIndex; i++) {
    const a = prefix[i]!;
    const b = full[i]!;
    if (!sameKind(a, b) || valueText(a) !== valueText(b)) return undefined;
  }
  const a = prefix[lastIndex]!;
  const b = full[lastIndex]!;
  if (!sameKind(a, b) || !valueText(b).startsWith(valueText(a))) return undefined;
  const rest = valueText(b).slice(valueText(a).length);
  const head: LlamaTextValue[] = [];
  if (rest !== "") head.push(typeof b === "string" ? rest : new SpecialTokensText(rest));
  return [...head, ...full.slice(prefix.length)];
}
