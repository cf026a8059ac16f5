// Extra questions a category asks of a report, as Open311 GeoReport v2 service definitions
// declare them ("attributes"): a code, a datatype, whether it is required, and for lists the
// values to choose from. An administrator declares them on the category; intake (the API,
// the web form, Open311's attribute[code] fields) is checked against them, and the answers
// are kept with the event.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "core/calendar.h"
#include "core/json.h"

namespace wangge::events {

// The datatypes of the Open311 specification.
inline constexpr const char* kAttributeTypes[] = {"string", "number",          "datetime",
                                                  "text",   "singlevaluelist", "multivaluelist"};

struct AttributeValue {
  std::string key, name_zh, name_en;
};

struct Attribute {
  std::string code;  // [A-Za-z0-9_]{1,40}
  std::string datatype;
  bool required = false;
  bool variable = true;  // false: a notice shown with the form, nothing asked
  int order = 0;
  std::string description_zh, description_en;
  std::vector<AttributeValue> values;  // the lists' choices
};

// Reads declarations from an API body's `attributes` array (422 naming the field, e.g.
// "attributes[1].values").
std::vector<Attribute> parse_attributes(const json::value& v);
// Stored text and API JSON of declarations (the same shape).
json::array attributes_json(const std::vector<Attribute>& attrs);
std::string attributes_text(const std::vector<Attribute>& attrs);
// Reads stored text; an empty list for anything unreadable (the column is written only by
// attributes_text).
std::vector<Attribute> attributes_from_text(const std::string& text);

// Answers as received: code -> the values sent (one, or several for a multivaluelist).
using AttributeAnswers = std::map<std::string, std::vector<std::string>>;
// Checks answers against the declarations: every code declared and variable, required ones
// answered, values of their type (numbers, RFC 3339 times in the served years, listed keys;
// strings up to 200 characters, text up to 2,000). Returns the answers as stored (a string,
// a number, or an array of keys for a multivaluelist). Throws a validation error naming the
// field `<field_prefix>[code]`.
json::object check_answers(const std::vector<Attribute>& attrs, const AttributeAnswers& answers, const Calendar& cal,
                           const std::string& field_prefix);

}  // namespace wangge::events
