#include "daemon/web/form_page.h"

#include "daemon/web/page_headers.h"
#include "scheduler/errors.h"

namespace caseaudit::daemon::web {
namespace mustache = kainjow::mustache;

namespace {

constexpr std::string_view kLayout = R"html(<!DOCTYPE html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{title}} - Case file audit</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="/assets/console.css">
</head>
<body>
<header class="app-header"><p class="app-header__title">Case file audit</p></header>
<main id="main-content" class="app-main">
<h1>{{title}}</h1>
{{{content}}}
</main>
</body>
</html>
)html";

}  // namespace

std::string render_page_template(std::string_view text, const mustache::data& data) {
  mustache::mustache tmpl{std::string(text)};
  std::string out = tmpl.render(data);
  if (!tmpl.is_valid()) throw ProgramError("page template: " + tmpl.error_message());
  return out;
}

void send_layout(httplib::Response& response, int status, const std::string& title,
                 const std::string& content) {
  mustache::data page;
  page.set("title", title);
  page.set("content", content);
  response.status = status;
  set_page_security_headers(response);
  response.set_content(render_page_template(kLayout, page), "text/html; charset=utf-8");
}

httplib::Params form_fields(const httplib::Request& request) {
  httplib::Params fields;
  httplib::detail::parse_query_text(request.body, fields);
  return fields;
}

std::string form_field(const httplib::Params& fields, const std::string& name) {
  auto found = fields.find(name);
  return found == fields.end() ? std::string() : found->second;
}

bool is_form(const httplib::Request& request) {
  return request.get_header_value("Content-Type").rfind("application/x-www-form-urlencoded", 0) ==
         0;
}

}  // namespace caseaudit::daemon::web
