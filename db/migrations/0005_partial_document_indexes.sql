DROP INDEX `balance_transactions_invoice_idx`;--> statement-breakpoint
DROP INDEX `balance_transactions_credit_note_idx`;--> statement-breakpoint
DROP INDEX `balance_transactions_payment_idx`;--> statement-breakpoint
CREATE INDEX `balance_transactions_invoice_idx` ON `balance_transactions` (`invoice_id`) WHERE invoice_id IS NOT NULL;--> statement-breakpoint
CREATE INDEX `balance_transactions_credit_note_idx` ON `balance_transactions` (`credit_note_id`) WHERE credit_note_id IS NOT NULL;--> statement-breakpoint
CREATE INDEX `balance_transactions_payment_idx` ON `balance_transactions` (`payment_id`) WHERE payment_id IS NOT NULL;--> statement-breakpoint
DROP INDEX `credit_notes_plan_change_idx`;--> statement-breakpoint
DROP INDEX `credit_notes_cancels_invoice_idx`;--> statement-breakpoint
CREATE INDEX `credit_notes_plan_change_idx` ON `credit_notes` (`plan_change_id`) WHERE plan_change_id IS NOT NULL;--> statement-breakpoint
CREATE INDEX `credit_notes_cancels_invoice_idx` ON `credit_notes` (`cancels_invoice_id`) WHERE cancels_invoice_id IS NOT NULL;--> statement-breakpoint
DROP INDEX `invoices_plan_change_idx`;--> statement-breakpoint
CREATE INDEX `invoices_plan_change_idx` ON `invoices` (`plan_change_id`) WHERE plan_change_id IS NOT NULL;