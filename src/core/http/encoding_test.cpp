// Content codings: what an Accept-Encoding header accepts, and gzip that zlib reads back.
#include "core/http/encoding.h"

#include <gtest/gtest.h>

namespace wangge::http {
namespace {

std::string unzipped(const std::string& in) {
  auto out = gunzip(in);
  EXPECT_TRUE(out) << "not a whole gzip stream";
  return out.value_or("");
}

TEST(EncodingTest, AcceptEncodingIsReadWithItsQualities) {
  EXPECT_TRUE(accepts("gzip, deflate, br", Coding::gzip));
  EXPECT_TRUE(accepts("gzip, deflate, br", Coding::br));
  EXPECT_TRUE(accepts("GZIP", Coding::gzip));
  EXPECT_TRUE(accepts("x-gzip", Coding::gzip));
  EXPECT_FALSE(accepts("gzip;q=0, br", Coding::gzip));
  EXPECT_TRUE(accepts("gzip; q=0.5", Coding::gzip));
  EXPECT_FALSE(accepts("gzip;q=0.000", Coding::gzip));
  EXPECT_TRUE(accepts("*", Coding::br));
  EXPECT_FALSE(accepts("*;q=0", Coding::br));
  EXPECT_TRUE(accepts("*;q=0, br", Coding::br));  // an explicit entry wins over *
  EXPECT_FALSE(accepts("", Coding::gzip));
  EXPECT_FALSE(accepts("deflate", Coding::gzip));
  EXPECT_TRUE(accepts("", Coding::identity));
  EXPECT_FALSE(accepts("identity;q=0", Coding::identity));
}

TEST(EncodingTest, GzipRoundTripsAndShrinksJson) {
  std::string json = "[";
  for (int i = 0; i < 500; ++i)
    json += R"({"id":)" + std::to_string(i) + R"(,"status":"handling","grid":"立新社区第一网格"},)";
  json += "{}]";
  std::string z = gzip(json);
  EXPECT_LT(z.size() * 5, json.size());
  EXPECT_EQ(unzipped(z), json);
  EXPECT_EQ(unzipped(gzip("")), "");
}

TEST(EncodingTest, OnlyLargeCompressibleAnswersAreCompressedAndTheyAllVary) {
  Request req;
  req.headers.emplace_back("accept-encoding", "gzip, br");
  Response big = Response::json(200, "[" + std::string(5000, ' ') + "]");
  compress(req, big);
  bool coded = false, vary = false;
  for (const auto& [k, v] : big.headers) {
    coded |= k == "Content-Encoding" && v == "gzip";
    vary |= k == "Vary" && v == "Accept-Encoding";
  }
  EXPECT_TRUE(coded && vary);
  EXPECT_EQ(unzipped(big.body), "[" + std::string(5000, ' ') + "]");
  Response small = Response::json(200, R"({"ok":true})");
  compress(req, small);
  EXPECT_EQ(small.body, R"({"ok":true})");
  EXPECT_EQ(small.headers.size(), 1u);  // Vary only
  Response photo;
  photo.content_type = "image/jpeg";
  photo.body = std::string(5000, 'x');
  compress(req, photo);
  EXPECT_EQ(photo.body.size(), 5000u);
  EXPECT_TRUE(photo.headers.empty());
  Request plain;  // no Accept-Encoding: identity
  Response other = Response::json(200, std::string(5000, ' '));
  compress(plain, other);
  EXPECT_EQ(other.body.size(), 5000u);
}

}  // namespace
}  // namespace wangge::http
