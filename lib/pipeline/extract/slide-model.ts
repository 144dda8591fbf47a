/** One slide as read from a presentation, in show order. */
export interface Slide {
  /** 1-based position in the show. */
  number: number;
  title?: string;
  text: string;
  /** Speaker notes, "" when there are none. */
  notes: string;
}
