import { Button, Code, Group, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconClipboardCopy } from '@tabler/icons-react';
import { useState } from 'react';
import { ErrorAlert } from '../../components/common';
import { useMutation } from '../../hooks/useApi';
import { t } from '../../i18n';
import { OfficeServingSection } from './OfficeServingSection';

// Config → System: "Copy diagnostics" for support (issue 19 part 4): versions, OS, schema, database size and the last
// errors of the log — never a secret (the application layer redacts them). Shown as well as copied, so it can also
// be read out or copied by hand where the clipboard is not available.

/** Copies text: the Clipboard API, else the classic selection copy (a window that refuses clipboard permission). */
async function copyText(text: string): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    const area = document.createElement('textarea');
    area.value = text;
    area.style.position = 'fixed';
    area.style.opacity = '0';
    document.body.appendChild(area);
    area.select();
    const ok = document.execCommand('copy');
    area.remove();
    return ok;
  }
}

export function SystemPanel() {
  const [load, state] = useMutation('system.diagnostics');
  const [text, setText] = useState<string | null>(null);
  return (
    <Stack gap="sm" maw={900}>
      <Text size="sm">
        {t('When you ask for support, send these diagnostics: the version, the operating system, the database schema and size, and the last errors of the log. They hold no passwords, secrets or customer data.')}
      </Text>
      <Group>
        <Button
          size="xs"
          leftSection={<IconClipboardCopy size={14} />}
          loading={state.busy}
          onClick={async () => {
            const d = await load({});
            if (!d) return;
            setText(d.text);
            const copied = await copyText(d.text);
            notifications.show(
              copied
                ? { color: 'green', message: t('Diagnostics copied to the clipboard') }
                : { color: 'yellow', message: t('The clipboard is not available: copy the diagnostics below by hand') },
            );
          }}
        >
          {t('Copy diagnostics')}
        </Button>
      </Group>
      <ErrorAlert error={state.error} title={t('Diagnostics unavailable')} />
      {text !== null && (
        <Code block data-testid="diagnostics-text" style={{ whiteSpace: 'pre-wrap' }}>
          {text}
        </Code>
      )}
      <OfficeServingSection />
    </Stack>
  );
}
