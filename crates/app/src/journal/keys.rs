//! Handing the node over to a new signing key. The operator does it at the command line, with the
//! server stopped: the current key endorses the new one in the journal, so verifiers and
//! witnesses that trust the old key follow the hand-over.

use crate::{App, AppError, Result};
use homeward_crypto::NodeKey;
use std::sync::Arc;

impl App {
    /// Appends the hand-over to `key`; returns the entry's sequence number.
    pub async fn rotate_node_key(&self, key: NodeKey) -> Result<i64> {
        let author = crate::author_of(None);
        let key = Arc::new(key);
        self.store
            .write(move |w| {
                Box::pin(async move { Ok::<_, AppError>(w.rotate_node_key(&author, key).await?) })
            })
            .await
    }
}
