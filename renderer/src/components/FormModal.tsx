import { Modal, Text, type ModalProps } from '@mantine/core';
import { modals } from '@mantine/modals';
import { t } from '../i18n';

// Every dialog that holds a form (issue 18 item 10): Escape, the close button or a click outside closes a clean
// form at once, but asks "Discard changes?" when something was typed. One piece of code for every form dialog.

let asking = false;

/** `onClose` guarded by a confirmation while `dirty`. Cancel / Save buttons that mean it call onClose directly. */
export function useGuardedClose(dirty: boolean, onClose: () => void): () => void {
  return () => {
    if (!dirty) return onClose();
    // One question at a time. Every open Mantine modal hears an Escape (a window listener each), so the Escape that
    // closes the question also reaches the form's dialog: it is still "asking" until that key press is over.
    if (asking) return;
    asking = true;
    modals.openConfirmModal({
      onClose: () => {
        setTimeout(() => (asking = false), 0);
      },
      title: t('Discard changes?'),
      children: <Text size="sm">{t('What you typed in this form is not saved and will be lost.')}</Text>,
      labels: { confirm: t('Discard'), cancel: t('Keep editing') },
      confirmProps: { color: 'red' },
      onConfirm: onClose,
      // the form dialog is still open below: Escape in the question closes only the question
      zIndex: 1000,
    });
  };
}

/** A Mantine Modal for a form: `dirty` (e.g. form.isDirty()) makes closing it ask first. */
export function FormModal({ dirty, onClose, opened = true, ...props }: Omit<ModalProps, 'opened'> & { opened?: boolean; dirty: boolean }) {
  const close = useGuardedClose(dirty, onClose);
  return <Modal opened={opened} onClose={close} {...props} />;
}
