import { findCategory, type Category } from '@/api/events'

/**
 * The report form's category and its suggestion (CategorySuggest): the suggested category is
 * pre-selected while the user has not chosen one in the cascader; a category the user picks,
 * or a suggestion chip they click, is their choice and is never replaced.
 * `form.category` is the form's code; `onCategory` takes the category's questions.
 */
export function useSuggestedCategory(form: { category: string }, onCategory: (c: Category | null) => void) {
  let auto = ''
  let userChose = false

  function apply(code: string) {
    auto = code
    form.category = code
    findCategory(code)
      .then((c) => form.category === code && onCategory(c))
      .catch(() => {})
  }
  return {
    /** the cascader's pick */
    onPicked(c: Category | null) {
      if ((c?.code || '') !== auto) userChose = true
      onCategory(c)
    },
    /** the best suggestion of the text so far */
    onSuggested(code: string) {
      if (!userChose && form.category !== code) apply(code)
    },
    /** a suggestion chip clicked */
    use(code: string) {
      userChose = true
      if (form.category !== code) apply(code)
    },
    reset() {
      auto = ''
      userChose = false
    },
  }
}
