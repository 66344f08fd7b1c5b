/** Text made safe to put in HTML, in an element or a quoted attribute. */
export const escape = (text: string): string => text.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
