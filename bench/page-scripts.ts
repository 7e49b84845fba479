// Page scripts the renderer benches share, as source text for page.evaluate.

/**
 * In the page: types each query into the input at `selector` one character at a time (then deletes
 * it), timing from the input event to a forced layout after React's synchronous commit.
 */
export const TYPE_QUERIES = `async ([selector, queries]) => {
  const input = document.querySelector(selector);
  const setValue = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value').set;
  const durations = [];
  const keystroke = async (value) => {
    setValue.call(input, value);
    performance.mark('airlock:key-start');
    input.dispatchEvent(new Event('input', { bubbles: true }));
    void document.body.offsetHeight;
    performance.mark('airlock:key-end');
    durations.push(performance.measure('airlock:keystroke', 'airlock:key-start', 'airlock:key-end').duration);
    await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
  };
  for (const query of queries) {
    for (let i = 1; i <= query.length; i++) await keystroke(query.slice(0, i));
    for (let i = query.length - 1; i >= 0; i--) await keystroke(query.slice(0, i));
  }
  return durations;
}`;
