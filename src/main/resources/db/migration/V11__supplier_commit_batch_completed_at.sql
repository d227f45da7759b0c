-- When a supplier commit batch completed: recovery offers a completed batch again only once it is older than the
-- grace (mfgsync.workflows.supplier-commits.batch-recovery-grace), so a batch still being handed over, here or on
-- another replica, is not sent a second time. Rows from before this version count as completed long ago.
ALTER TABLE supplier_commit_batch_completed
    ADD COLUMN completed_at TIMESTAMP WITH TIME ZONE DEFAULT CURRENT_TIMESTAMP NOT NULL;
