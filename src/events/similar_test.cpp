#include "events/similar.h"

#include <gtest/gtest.h>

namespace wangge::events {
namespace {

TEST(SimilarTest, TextSimilarityReadsCharacterBigrams) {
  EXPECT_DOUBLE_EQ(text_similarity("小区门口垃圾成堆", "小区门口垃圾成堆"), 1.0);
  // Punctuation, spaces and full-width forms do not count.
  EXPECT_DOUBLE_EQ(text_similarity("小区门口，垃圾成堆！", "小区门口 垃圾成堆"), 1.0);
  EXPECT_DOUBLE_EQ(text_similarity("ＡＢＣ", "abc"), 1.0);
  EXPECT_DOUBLE_EQ(text_similarity("路灯不亮", "井盖丢了"), 0.0);
  EXPECT_DOUBLE_EQ(text_similarity("", "井盖丢了"), 0.0);
  // Two wordings of one problem share most bigrams; another problem shares few.
  double same = text_similarity("门口垃圾好几天没人清理", "小区门口的垃圾好几天没清理了");
  double other = text_similarity("门口垃圾好几天没人清理", "门口路灯坏了好几天");
  EXPECT_GT(same, 0.5);
  EXPECT_LT(other, same);
}

TEST(SimilarTest, ScoreWeighsTextCategoryAndPlace) {
  SimilarQuery q;
  q.category_code = "0301";
  Event same, sibling, other;
  same.category_code = "0301";
  sibling.category_code = "0305";
  other.category_code = "0502";
  EXPECT_DOUBLE_EQ(similarity_score(q, same, 0, 200, 1.0), 1.0);
  EXPECT_DOUBLE_EQ(similarity_score(q, sibling, 100, 200, 0.0), 0.3 * 0.5 + 0.2 * 0.5);
  EXPECT_DOUBLE_EQ(similarity_score(q, other, 200, 200, 0.5), 0.25);
  q.category_code.clear();  // no category chosen yet: text and place only
  EXPECT_DOUBLE_EQ(similarity_score(q, same, 0, 200, 0.0), 0.2);
}

}  // namespace
}  // namespace wangge::events
