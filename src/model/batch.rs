//! Many operations as one [`Transaction`]: each step is built by [`super::ops`]
//! against a scratch copy that already holds the steps before it (so new ids count
//! on), and the edits are gathered into one transaction for the real project. An
//! import is then one undo step, and nothing reaches the project if a step fails.

use super::edit::Transaction;
use super::project::Project;

/// A scratch project and the edits made to it so far.
#[derive(Debug, Clone)]
pub struct Batch {
    scratch: Project,
    tx: Transaction,
}

impl Batch {
    /// Starts from a copy of `p` (stored texts are shared, not copied).
    pub fn new(p: &Project, label: impl Into<String>) -> Self {
        Self { scratch: p.clone(), tx: Transaction::new(label) }
    }

    /// The project as it would be with the steps so far.
    pub fn project(&self) -> &Project {
        &self.scratch
    }

    /// Applies a step to the scratch copy and keeps its edits.
    pub fn push(&mut self, step: Transaction) {
        self.tx.edits.extend(step.edits.iter().cloned());
        step.apply(&mut self.scratch);
    }

    /// The gathered transaction.
    pub fn finish(self) -> Transaction {
        self.tx
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{CharRange, Kind, Source, SourceId, ops};

    #[test]
    fn steps_see_each_other_and_become_one_transaction() {
        let p = Project::new("t");
        let mut batch = Batch::new(&p, "Import");
        batch.push(ops::add_source(batch.project(), Source::untitled(SourceId(1), "a.txt"), "abc def".into()));
        let (tx, a) = ops::add_annotation(batch.project(), SourceId(1), CharRange::new(0, 3), Kind::Quote, "t").expect("a");
        batch.push(tx);
        let (tx, b) = ops::add_annotation(batch.project(), SourceId(1), CharRange::new(4, 7), Kind::Quote, "t").expect("b");
        batch.push(tx);
        assert_ne!(a, b);
        let expected = batch.project().clone();
        let mut real = p.clone();
        let undo = batch.finish().apply(&mut real);
        assert_eq!(real, expected);
        undo.apply(&mut real);
        assert_eq!(real, p);
    }
}
