## Questions and answers: browsing, answers, search, feedback.

faq-title = Questions and answers
faq-topics-body = Choose a topic.
faq-questions-body = <b>{ $topic }</b>
    Choose a question.
faq-empty = There are no answers in this section yet.
faq-sources = Sources:
faq-source-confidence-m = reported by reliable sources
faq-source-confidence-l = single or indirect source
faq-verified = Last checked: { $date }
faq-recheck-overdue = ⚠ This answer is due for a new check and may be out of date.
faq-helpful-question = Was this answer helpful?
faq-helpful-yes = 👍 Yes
faq-helpful-no = 👎 No
faq-helpful-thanks = Thank you. Your answer helps us improve.
faq-not-found = This answer is no longer available. Choose another one.
faq-search-title = Search
faq-search-results = These answers may help:
faq-search-none =
    I did not find a good answer to that.

    • Try again with a few key words, for example "renew certificate".
    • Or browse all topics with the button below.
faq-search-too-long = Your message is long. Please ask in a few words so I can find the right answer; nothing you wrote was saved.
faq-browse-topics = Browse topics
faq-ask-volunteer = 💬 Ask a volunteer
