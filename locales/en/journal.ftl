# The journal's signed heads, proofs and witnesses (issue 11).

error-journal-no-head = The node signed no head of this size.
error-journal-size = Outside the signed log: sizes and entries start at 1 and end at the head's size.
error-journal-leaves-limit = Between 1 and 10,000 leaves at a time.
