/**
 * What a parser's error says about the file, for an item's error message. A parser that walks
 * off the end of a damaged file fails with the JavaScript engine's own words ("Cannot read
 * properties of undefined (reading 'x')", "Offset is outside the bounds of the DataView"):
 * true, but about the parser, not the file. Those become what they mean for the file.
 */
const ENGINE_ERRORS =
  /^(Cannot (read|set) propert(y|ies) of|.* is not (a function|iterable|defined|an object)|Offset is outside the bounds|.*out of range|Invalid (array|typed array|string) length|Maximum call stack|Unexpected end of (JSON )?input|Attempt to access memory outside buffer bounds|.*RangeError)/i;

export function parserReason(message: string): string {
  const trimmed = message.trim();
  if (!trimmed || ENGINE_ERRORS.test(trimmed)) return "its structure is damaged (a truncated or corrupted file)";
  return trimmed;
}
