# The journal's signed heads, proofs and witnesses (issue 11).

error-journal-no-head = The node signed no head of this size.
error-journal-size = Outside the signed log: sizes and entries start at 1 and end at the head's size.
error-journal-leaves-limit = Between 1 and 10,000 leaves at a time.

# The public page of signed heads.
footer-journal = This node's signed journal heads
journal-heads-title = Signed journal heads
journal-heads-intro = Everything this node records goes into a log that cannot be changed without it showing. Here is what the node has signed: the size of each log and its fingerprint (root). Anyone can keep these and check later that the node's log still contains them.
journal-heads-none = The node has signed nothing yet.
col-journal-tree = Log
col-journal-size = Entries
col-journal-root = Root (fingerprint)
col-journal-signed = Signed
journal-tree-journal = Journal of changes
journal-tree-access-log = Log of reads of personal data
journal-key-title = The key that signs
journal-key-id = Key id
journal-key-public = Public key
journal-witness-title = Keep the node honest
journal-witness-how = An auditor, an ombudsperson or another organisation can run a witness on their own computer. It keeps every head it sees and checks that the node's log still extends them; a rewritten or shortened log cannot pass.
