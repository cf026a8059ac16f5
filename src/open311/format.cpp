#include "open311/format.h"

#include <boost/url/parse_query.hpp>

#include <spdlog/spdlog.h>

#include "core/error.h"

namespace wangge::open311 {

std::string xml_escape(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (char c : s) {
    // XML 1.0 has no place for C0 controls but tab and line ends (none are stored now;
    // older rows may hold some).
    if (static_cast<unsigned char>(c) < 0x20 && c != '\t' && c != '\n' && c != '\r') continue;
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&apos;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

namespace {

std::string xml_value(const json::value& v) {
  if (v.is_null()) return "";
  if (v.is_string()) return xml_escape(v.as_string());
  if (v.is_bool()) return v.as_bool() ? "true" : "false";
  return json::to_text(v);
}

// An array value: discovery's endpoints (objects with a formats list) as <endpoint>
// elements; a list of scalars as comma-separated text (keywords).
std::string xml_array(const std::string& k, const json::array& items) {
  std::string out = "<" + k + ">";
  for (const auto& x : items) {
    if (x.is_object()) {
      out += "<endpoint>";
      for (const auto& kv : x.as_object()) {
        std::string key(kv.key());
        if (kv.value().is_array()) {
          out += "<" + key + ">";
          for (const auto& f : kv.value().as_array()) out += "<format>" + xml_value(f) + "</format>";
          out += "</" + key + ">";
        } else {
          out += "<" + key + ">" + xml_value(kv.value()) + "</" + key + ">";
        }
      }
      out += "</endpoint>";
    } else {
      out += xml_value(x) + (&x == &items.back() ? "" : ",");
    }
  }
  return out + "</" + k + ">";
}

}  // namespace

http::Response render(int status, bool xml, const std::string& list_tag, const std::string& item_tag,
                      const std::vector<Record>& records) {
  http::Response r;
  r.status = status;
  if (xml) {
    r.content_type = "text/xml; charset=utf-8";
    std::string out = "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<" + list_tag + ">";
    for (const auto& rec : records) {
      out += "<" + item_tag + ">";
      for (const auto& [k, v] : rec) {
        out += v.is_array() ? xml_array(k, v.as_array()) : "<" + k + ">" + xml_value(v) + "</" + k + ">";
      }
      out += "</" + item_tag + ">";
    }
    r.body = out + "</" + list_tag + ">\n";
  } else {
    r.content_type = "application/json; charset=utf-8";
    json::array arr;
    for (const auto& rec : records) {
      json::object o;
      for (const auto& [k, v] : rec) o[k] = v;
      arr.push_back(std::move(o));
    }
    r.body = json::to_text(arr);
  }
  return r;
}

http::Response error(int status, bool xml, const std::string& description) {
  return render(status, xml, "errors", "error", {{{"code", status}, {"description", description}}});
}

http::Response service_definition(bool xml, const std::string& code, const std::vector<events::Attribute>& attrs,
                                  bool zh) {
  auto describe = [zh](const std::string& z, const std::string& e) { return zh ? z : e; };
  if (!xml) {
    json::array list;
    for (const auto& a : attrs) {
      json::object o{{"variable", a.variable},
                     {"code", a.code},
                     {"datatype", a.datatype},
                     {"required", a.required},
                     {"datatype_description", ""},
                     {"order", a.order},
                     {"description", describe(a.description_zh, a.description_en)}};
      if (!a.values.empty()) {
        json::array values;
        for (const auto& v : a.values)
          values.push_back(json::object{{"key", v.key}, {"name", describe(v.name_zh, v.name_en)}});
        o["values"] = std::move(values);
      }
      list.push_back(std::move(o));
    }
    return json::respond(200, json::object{{"service_code", code}, {"attributes", std::move(list)}});
  }
  std::string out = "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<service_definition><service_code>" +
                    xml_escape(code) + "</service_code><attributes>";
  for (const auto& a : attrs) {
    out += "<attribute><variable>" + std::string(a.variable ? "true" : "false") + "</variable><code>" +
           xml_escape(a.code) + "</code><datatype>" + a.datatype + "</datatype><required>" +
           (a.required ? "true" : "false") + "</required><datatype_description></datatype_description><order>" +
           std::to_string(a.order) + "</order><description>" +
           xml_escape(describe(a.description_zh, a.description_en)) + "</description>";
    if (!a.values.empty()) {
      out += "<values>";
      for (const auto& v : a.values)
        out += "<value><key>" + xml_escape(v.key) + "</key><name>" + xml_escape(describe(v.name_zh, v.name_en)) +
               "</name></value>";
      out += "</values>";
    }
    out += "</attribute>";
  }
  http::Response r;
  r.content_type = "text/xml; charset=utf-8";
  r.body = out + "</attributes></service_definition>\n";
  return r;
}

http::Response guarded(bool xml, const std::function<http::Response()>& fn) {
  try {
    return fn();
  } catch (const Error& e) {
    int status = error_spec(e.code()).status;
    if (status != 403 && status != 404 && status >= 400 && status < 500) status = 400;
    std::string what = e.field().empty() ? e.detail_en() : e.field() + ": " + e.detail_en();
    if (what.empty()) what = std::string(error_spec(e.code()).title_en);
    return error(status >= 500 ? 500 : status, xml, what);
  } catch (const std::exception& e) {
    // Whatever else failed answers in the specification's format too (and is logged).
    spdlog::error("open311: {}", e.what());
    return error(500, xml, "internal error");
  }
}

http::Response not_found(const std::string& path) {
  return error(404, !wants_json(path), "no such Open311 resource: " + path);
}

std::optional<std::pair<std::string, bool>> split_format(const std::string& segment) {
  auto dot = segment.rfind('.');
  if (dot == std::string::npos) return std::nullopt;
  std::string fmt = segment.substr(dot + 1);
  if (fmt != "xml" && fmt != "json") return std::nullopt;
  return std::make_pair(segment.substr(0, dot), fmt == "xml");
}

bool wants_json(const std::string& path) {
  return path.size() >= 5 && path.compare(path.size() - 5, 5, ".json") == 0;
}

Form form_fields(const http::Request& req) {
  Form out;
  for (const auto& [k, v] : req.query) out[k].push_back(v);
  auto type = req.header("content-type").value_or("");
  if (!req.body.empty()) {
    if (type.find("application/x-www-form-urlencoded") == std::string_view::npos && !type.empty())
      throw Error("unsupported_media_type", {}, "POST requests are form-encoded (application/x-www-form-urlencoded)",
                  "应为表单编码（application/x-www-form-urlencoded）");
    auto parsed = boost::urls::parse_query(req.body);
    if (!parsed) throw Error("bad_request", {}, "malformed form body", "表单格式错误");
    boost::urls::encoding_opts opt;
    opt.space_as_plus = true;  // form encoding: '+' is a space
    for (auto p : *parsed) {
      std::string k = p.key.decode(opt), v = p.has_value ? p.value.decode(opt) : std::string();
      if (!json::valid_utf8(k) || !json::valid_utf8(v)) throw Error("invalid_utf8", k);
      if (!json::valid_text(k) || !json::valid_text(v))
        throw Error("bad_request", k, "text may not contain the NUL character (U+0000)", "不能包含空字符（U+0000）");
      // Line ends as clients send them (FixMyStreet: CRLF), kept as LF; other control
      // characters are refused, as in JSON bodies.
      std::string text;
      for (std::size_t i = 0; i < v.size(); ++i) {
        if (v[i] == '\r') {
          if (i + 1 >= v.size() || v[i + 1] != '\n') text += '\n';
          continue;
        }
        text += v[i];
      }
      if (json::has_control_chars(text)) throw Error("validation", k, "contains control characters", "包含控制字符");
      v = std::move(text);
      out[k].push_back(std::move(v));
    }
  }
  return out;
}

std::string first(const Form& form, const std::string& key) {
  auto it = form.find(key);
  return it == form.end() || it->second.empty() ? std::string() : it->second.front();
}

events::AttributeAnswers attribute_answers(const Form& form) {
  events::AttributeAnswers out;
  for (const auto& [k, values] : form) {
    if (k.size() > 11 && k.rfind("attribute[", 0) == 0 && k.back() == ']') {
      auto& into = out[k.substr(10, k.size() - 11)];
      into.insert(into.end(), values.begin(), values.end());
    }
  }
  return out;
}

}  // namespace wangge::open311
