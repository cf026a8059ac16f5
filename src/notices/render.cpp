// How notices are answered, and their JSON Schemas (published in /api/openapi.json, checked
// against every answer in the tests).
#include "notices/service.h"

namespace wangge::notices {
namespace {

json::value maybe_time(const std::optional<std::int64_t>& v) {
  return v ? json::value(json::rfc3339(*v)) : json::value(nullptr);
}

// The first `n` characters (code points) of s.
std::string excerpt(const std::string& s, std::size_t n) {
  std::size_t at = 0, chars = 0;
  while (at < s.size() && chars < n) {
    unsigned char c = static_cast<unsigned char>(s[at]);
    at += c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
    ++chars;
  }
  return at >= s.size() ? s : s.substr(0, at) + "…";
}

}  // namespace

void register_schemas(schema::Components& c) {
  using namespace schema;
  value time = date_time();
  c.add("Notice",
        object({req("id", id()),
                req("region_code", str()),
                req("kind", enumeration(kKinds)),
                req("topic", str()),
                req("title", str()),
                req("body", describe(str(), "whole on a notice's page; an excerpt in lists")),
                req("attachments", array(str())),
                req("must_read", boolean()),
                req("status", enumeration(kStates)),
                req("valid_from", nullable(time)),
                req("valid_until", nullable(time)),
                req("in_force", describe(boolean(), "published and within its validity now")),
                req("published_at", nullable(time)),
                req("author_name", str()),
                req("read_at", describe(nullable(time), "when the caller read it")),
                req("readers", describe(nullable(integer(0)), "accounts that read it (for those who see receipts)")),
                req("recipients", describe(nullable(integer(0)), "staff it reached when published")),
                req("recipients_read", nullable(integer(0))),
                req("read_rate", describe(nullable(number()), "percent: recipients who read it ÷ recipients")),
                req("withdrawn_reason", str()),
                req("version", integer(1))}));
}

json::object Service::notice_json(const Notice& n, std::optional<std::int64_t> read_at, bool receipts,
                                  const std::map<std::int64_t, std::string>& names, bool full) const {
  json::array files;
  for (const auto& h : n.attachments) files.emplace_back(h);
  const std::int64_t now = storage::now_ms();
  const bool in_force =
      n.status == "published" && (!n.valid_from || *n.valid_from <= now) && (!n.valid_until || *n.valid_until > now);
  auto author = names.find(n.author_id);
  json::object o{{"id", n.id},
                 {"region_code", n.region_code},
                 {"kind", n.kind},
                 {"topic", n.topic},
                 {"title", n.title},
                 {"body", full ? n.body : excerpt(n.body, 120)},
                 {"attachments", files},
                 {"must_read", n.must_read},
                 {"status", n.status},
                 {"valid_from", maybe_time(n.valid_from)},
                 {"valid_until", maybe_time(n.valid_until)},
                 {"in_force", in_force},
                 {"published_at", maybe_time(n.published_at)},
                 {"author_name", author == names.end() ? std::string() : author->second},
                 {"read_at", maybe_time(read_at)},
                 {"withdrawn_reason", n.withdrawn_reason},
                 {"version", n.version}};
  o["readers"] = receipts ? json::value(n.readers) : json::value(nullptr);
  o["recipients"] = receipts ? json::value(n.recipients) : json::value(nullptr);
  o["recipients_read"] = receipts ? json::value(n.recipients_read) : json::value(nullptr);
  o["read_rate"] = receipts ? json::value(percent(n.recipients_read, n.recipients)) : json::value(nullptr);
  return o;
}

}  // namespace wangge::notices
