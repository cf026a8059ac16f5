// The JSON Schema of the suggestions' answer (suggest.cpp renders it), published in
// /api/openapi.json and checked against every answer in the tests (Config::check_contracts).
#include "events/suggest.h"

namespace wangge::events {

void register_suggest_schemas(schema::Components& c) {
  using namespace schema;
  value reason_zh = describe(str(), "why, in Chinese");
  value reason_en = describe(str(), "why, in English");
  c.add("EventSuggestion",
        object({req("categories",
                    describe(array(object({req("code", str()), req("name_zh", str()), req("name_en", str()),
                                           req("score", describe(number(), "P(category | text, place), 0..1")),
                                           req("words", describe(array(str(), 3),
                                                                 "the pieces of the text that spoke most for it")),
                                           req("reason_zh", reason_zh), req("reason_en", reason_en)}),
                                   3),
                             "best first; the resident's form preselects the first")),
                opt("departments", describe(array(object({req("id", id()), req("name", str()), req("kind", str()),
                                                          req("score", describe(number(),
                                                                                "sum over categories of P(category) * "
                                                                                "P(department | category, place)")),
                                                          req("reason_zh", reason_zh), req("reason_en", reason_en)}),
                                                  3),
                                            "best first; only for callers who dispatch somewhere")),
                req("trained_on", describe(integer(0), "closed events the model learnt from")),
                req("trained_at", describe(nullable(date_time()), "when it learnt them; null: never yet"))}));
}

}  // namespace wangge::events
