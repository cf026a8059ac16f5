// Open311 GeoReport v2 on the wire: answers as XML (the specification's required format, the
// only one FixMyStreet's client reads) or JSON by the path's suffix, errors as the
// specification's [{code, description}] list, form-encoded request bodies.
#pragma once

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <boost/json/value_from.hpp>

#include "core/http/message.h"
#include "core/json.h"
#include "events/attributes.h"

namespace wangge::open311 {

// One field of a record: its element name and value (strings, numbers, booleans, null, or
// an array for repeated elements such as keywords).
struct Field {
  template <typename V>
  Field(std::string k, const V& v) : first(std::move(k)), second(boost::json::value_from(v)) {}
  std::string first;
  json::value second;
};
using Record = std::vector<Field>;

std::string xml_escape(std::string_view s);

// A list of records: <list_tag><item_tag>...</item_tag>...</list_tag>, or a JSON array of
// objects. Scalar values are never padded with whitespace (FixMyStreet keeps it).
http::Response render(int status, bool xml, const std::string& list_tag, const std::string& item_tag,
                      const std::vector<Record>& records);
// The specification's error list.
http::Response error(int status, bool xml, const std::string& description);
// A service definition: the category's attributes with their values, descriptions in the
// reader's language.
http::Response service_definition(bool xml, const std::string& code, const std::vector<events::Attribute>& attrs,
                                  bool zh);

// Runs fn, answering what it throws in the specification's error format (never
// problem+json): 400 for bad input, 403, 404, 500.
http::Response guarded(bool xml, const std::function<http::Response()>& fn);
// An unknown path under /open311/: 404 in XML, or JSON for a .json path.
http::Response not_found(const std::string& path);

// "requests.xml" -> ("requests", true); nullopt for another suffix.
std::optional<std::pair<std::string, bool>> split_format(const std::string& segment);
// Whether the path ends in .json (errors of unknown paths follow it; XML otherwise).
bool wants_json(const std::string& path);

// The form's fields (the query string's too), every value of a repeated key in order.
// Throws Error on a body that is not form-encoded or not UTF-8.
using Form = std::map<std::string, std::vector<std::string>>;
Form form_fields(const http::Request& req);
// The first value of a field, "" when absent.
std::string first(const Form& form, const std::string& key);
// attribute[code]=value fields -> code -> values.
events::AttributeAnswers attribute_answers(const Form& form);

}  // namespace wangge::open311
