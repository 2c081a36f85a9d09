// The tablet's words in the page's language, from templates/referee/_strings.html, with their
// %(name)s placeholders filled in.

const element = document.getElementById("ref-strings");
const strings = element ? JSON.parse(element.dataset.strings) : {};

export function t(name, values) {
  let text = strings[name] || name;
  Object.keys(values || {}).forEach((key) => {
    text = text.split("%(" + key + ")s").join(String(values[key]));
  });
  return text;
}
