/**
 * Text as the desk keeps it. Whatever a person typed or pasted (a web form, the API, any
 * channel) goes through this at the boundary: NUL and the other C0 control characters, which
 * nobody means to send and PostgreSQL refuses (0x00), are dropped, except newline and tab; a
 * carriage return becomes a newline; a lone UTF-16 surrogate (half an emoji, which no database
 * or JSON encoder takes) becomes U+FFFD. The message is kept, not refused: a worker whose paste
 * carried an invisible character must not lose what they wrote.
 */
export function cleanText(s: string): string {
  return s
    .replace(/\r\n?/g, '\n')
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, '')
    .replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd')
}
