// The template of an import kind: its columns in the import's words (Chinese headers, or the
// English keys), required ones starred, one example row that passes the checks, as .xlsx
// (identifier columns formatted as text, a second sheet explaining every column) or as CSV
// (UTF-8 with a byte order mark, so that Excel opens it right).
#pragma once

#include <string>

#include "core/http/message.h"

namespace wangge::registry {
class Service;
}

namespace wangge::registry::import {

struct TemplateRequest {
  std::string kind;   // persons, households, buildings, businesses
  bool xlsx = true;   // else CSV
  bool zh = true;     // Chinese headers and words, else English
  std::string place;  // the example's place: a grid (or community) of the caller's territory
};

http::Response import_template(Service& svc, const TemplateRequest& req);

}  // namespace wangge::registry::import
