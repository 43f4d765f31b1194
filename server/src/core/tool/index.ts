export { renderState, renderFeedback, renderListing, CHARS_PER_TOKEN, type RenderStateOptions } from "./renderState.js";
export {
  formatEpisode,
  formatChat,
  formatHeader,
  formatStateTurn,
  formatCommandTurn,
  SYSTEM_PROMPT,
  type PromptStyle,
  type EpisodeHeader,
  type Segment,
  type SegmentKind,
  type ChatMessage,
} from "./formatEpisode.js";
export { testsAsText } from "./testsAsText.js";
