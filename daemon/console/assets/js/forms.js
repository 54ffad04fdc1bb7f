// Forms that never lose what a person typed: a refused change (400, 404,
// 409, 422) shows the API's rule in words beside the field it names and in
// an error summary at the top of the form, and leaves every input as typed.
//
// form({
//   legend, fields: [{name, label, type: "text"|"number"|"date"|"month"|"select"|
//     "textarea"|"checkbox"|"file", options: [[value, text]], value, hint, required,
//     apiFields: ["audit_rota.parity"]}],
//   submit: "Save", onSubmit: async (values) => result, onDone: (result) => void,
//   secondary: node (e.g. a cancel button)
// }) -> element

import { h, uid } from "./dom.js";
import { ApiError } from "./api.js";

export function form(options) {
  const summary = h("div", { class: "error-summary", role: "alert", tabindex: "-1", hidden: true });
  const element = h("form", { class: options.inline ? "inline-form" : "form", novalidate: true });
  const groups = new Map();
  for (const field of options.fields) {
    const group = fieldGroup(field);
    groups.set(field.name, { field, ...group });
    element.append(group.element);
  }
  const submit = h("button", { class: `button ${options.warning ? "button--warning" : ""}`, type: "submit" }, options.submit ?? "Save");
  element.append(h("div", { class: "button-group" }, submit, options.secondary ?? null));
  const wrapper = h("div", { class: options.panel === false ? "" : "panel panel--form" },
    options.legend ? h("h3", { class: "heading-s" }, options.legend) : null, summary, element);

  element.addEventListener("submit", async (event) => {
    event.preventDefault();
    clearErrors(groups, summary);
    const values = {};
    for (const [name, { field, input }] of groups) values[name] = await readValue(field, input);
    const missing = options.fields.filter((f) => f.required && (values[f.name] === "" || values[f.name] === null));
    if (missing.length > 0) {
      showErrors(groups, summary, missing.map((f) => ({ name: f.name,
        message: ["select", "radios"].includes(f.type) ? `Choose ${f.label.toLowerCase()}` : `Enter ${f.label.toLowerCase()}` })));
      return;
    }
    submit.disabled = true;
    try {
      const result = await options.onSubmit(values);
      if (options.onDone) options.onDone(result);
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      if (error.status === 0 || error.status === 503) return;  // the banner says it
      const name = fieldFor(options.fields, error.field);
      showErrors(groups, summary, [{ name, message: sentence(withoutFieldName(error.message, error.field, name)) }]);
      if (options.onRefused) options.onRefused(error);
    } finally {
      submit.disabled = false;
    }
  });
  return wrapper;
}

function fieldGroup(field) {
  const id = uid(field.name);
  const errorId = `${id}-error`;
  const hintId = field.hint ? `${id}-hint` : null;
  const error = h("p", { class: "error-message", id: errorId, hidden: true });
  let input;
  if (field.type === "select") {
    input = h("select", { class: "select", id, name: field.name },
      field.options.map(([value, text]) => h("option", { value, selected: String(field.value ?? "") === String(value) }, text)));
  } else if (field.type === "textarea") {
    input = h("textarea", { class: "textarea", id, name: field.name, rows: 4 });
    input.value = field.value ?? "";
  } else if (field.type === "radios") {
    // options: [[value, label, hint]]; `input` is the fieldset, read by readValue.
    input = h("fieldset", { class: "fieldset", id, "aria-describedby": errorId },
      h("legend", {}, field.label),
      field.options.map(([value, text, hint], i) => {
        const optionId = `${id}-${i}`;
        return h("div", { class: "radio" },
          h("input", { type: "radio", name: id, id: optionId, value, checked: String(field.value ?? "") === String(value),
            "aria-describedby": hint ? `${optionId}-hint` : null }),
          h("label", { for: optionId }, text),
          hint ? h("p", { class: "hint", id: `${optionId}-hint` }, hint) : null);
      }));
    const group = h("div", { class: "form-group" }, error, input);
    return { element: group, input, error };
  } else if (field.type === "checkbox") {
    input = h("input", { type: "checkbox", id, name: field.name, checked: Boolean(field.value) });
    const group = h("div", { class: "form-group" }, error, h("div", { class: "checkbox" }, input, h("label", { for: id }, field.label)));
    return { element: group, input, error };
  } else {
    input = h("input", { class: `input ${field.short ? "input--short" : ""}`, id, name: field.name, type: field.type ?? "text",
      value: field.value ?? "", accept: field.accept ?? null, step: field.step ?? null, min: field.min ?? null,
      autocomplete: "off" });
  }
  if (hintId) input.setAttribute("aria-describedby", hintId);
  const element = h("div", { class: "form-group" },
    h("label", { class: "label", for: id }, field.label),
    hintId ? h("p", { class: "hint", id: hintId }, field.hint) : null, error, input);
  return { element, input, error };
}

async function readValue(field, input) {
  if (field.type === "checkbox") return input.checked;
  if (field.type === "radios") return input.querySelector("input:checked")?.value ?? "";
  if (field.type === "file") return input.files[0] ? await input.files[0].text() : "";
  return input.value;
}

// The form field an API error names ("audit_rota.parity", "pins[0].reason").
function fieldFor(fields, apiField) {
  if (!apiField) return null;
  const exact = fields.find((f) => f.name === apiField || (f.apiFields ?? []).includes(apiField));
  if (exact) return exact.name;
  const root = apiField.split(/[.[]/)[0];
  return fields.find((f) => f.name === root || (f.apiFields ?? []).includes(root))?.name ?? null;
}

// Beside its field, "authorised_by: a single-month exemption needs ..."
// reads better without the API's field name in front.
function withoutFieldName(message, apiField, formField) {
  const text = String(message ?? "");
  if (!formField || !apiField) return text;
  return text.startsWith(`${apiField}: `) ? text.slice(apiField.length + 2) : text;
}

function sentence(message) {
  const text = String(message ?? "").trim();
  return text ? text.charAt(0).toUpperCase() + text.slice(1) : "The change was refused";
}

function clearErrors(groups, summary) {
  summary.hidden = true;
  summary.replaceChildren();
  for (const { element, input, error } of groups.values()) {
    element.classList.remove("form-group--error");
    input.classList.remove("input--error", "select--error", "textarea--error");
    input.removeAttribute("aria-invalid");
    error.hidden = true;
    error.textContent = "";
  }
}

function showErrors(groups, summary, errors) {
  const links = [];
  for (const { name, message } of errors) {
    const group = name ? groups.get(name) : null;
    if (group) {
      group.element.classList.add("form-group--error");
      group.input.classList.add(`${group.input.tagName === "SELECT" ? "select" : group.input.tagName === "TEXTAREA" ? "textarea" : "input"}--error`);
      if (group.input.tagName !== "FIELDSET") group.input.setAttribute("aria-invalid", "true");
      group.error.hidden = false;
      group.error.replaceChildren(h("span", { class: "visually-hidden" }, "Error: "), message);
      group.input.setAttribute("aria-describedby", [group.input.getAttribute("aria-describedby"), group.error.id].filter(Boolean).join(" "));
      const target = group.input.tagName === "FIELDSET" ? group.input.querySelector("input") : group.input;
      links.push(h("li", {}, h("a", { href: `#${target.id}`, onclick: (e) => { e.preventDefault(); target.focus(); } }, message)));
    } else {
      links.push(h("li", {}, message));
    }
  }
  summary.append(h("h2", { class: "error-summary__title" }, "There is a problem"), h("ul", { class: "list" }, links));
  summary.hidden = false;
  summary.focus();
}
