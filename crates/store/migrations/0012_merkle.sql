-- The Merkle trees over the journal and the access log (RFC 9162 hashing), kept in the write
-- transaction: the hash of every perfect subtree, 2^level leaves from leaf idx * 2^level
-- (see homeward_domain::journal::merkle). Hashes are hex.
CREATE TABLE merkle_nodes (
    tree TEXT NOT NULL,
    level BIGINT NOT NULL,
    idx BIGINT NOT NULL,
    hash TEXT NOT NULL,
    PRIMARY KEY (tree, level, idx)
);
--;
-- Signed tree heads: "the tree of `size` leaves has root `root`", signed by the key `key_id`.
-- They replace the checkpoints of the hash chain: one is signed at every commit that grew a tree.
CREATE TABLE tree_heads (
    tree TEXT NOT NULL,
    size BIGINT NOT NULL,
    root TEXT NOT NULL,
    at TEXT NOT NULL,
    key_id TEXT NOT NULL,
    public_key TEXT NOT NULL,
    signature TEXT NOT NULL,
    PRIMARY KEY (tree, size)
);
--;
-- What the writer found that it did not write: entries appended without their leaves (outside
-- the node), or removed from the end. The node signs no head of that tree while one is recorded:
-- it will not vouch for a log it cannot account for. Operational, never replayed.
CREATE TABLE journal_alarms (
    tree TEXT NOT NULL,
    kind TEXT NOT NULL,
    first_seq BIGINT NOT NULL,
    last_seq BIGINT NOT NULL,
    detected_at TEXT NOT NULL,
    PRIMARY KEY (tree, kind, first_seq)
);
--;
DROP TABLE checkpoints;
--;
-- The hand-overs of the node's signing key (projection of `node.key_rotated`), for witnesses.
CREATE TABLE key_rotations (
    seq BIGINT PRIMARY KEY,
    previous_key_id TEXT NOT NULL,
    key_id TEXT NOT NULL,
    public_key TEXT NOT NULL,
    endorsement TEXT NOT NULL
);
