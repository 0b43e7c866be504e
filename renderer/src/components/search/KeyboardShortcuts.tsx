import { Group, Kbd, Modal, Table, Text } from '@mantine/core';
import { useDisclosure, useHotkeys, useWindowEvent } from '@mantine/hooks';
import { useRef } from 'react';
import { navigate } from '../../router';
import { dialogOpen, GO_TO, SHORTCUTS } from './shortcuts';
import { t, tk } from '../../i18n';

/**
 * The back office's global shortcuts: "g" then a letter goes to a page, "?" shows every shortcut. A "g" waits for
 * the next key only: any other key after it cancels it.
 */
export function KeyboardShortcuts({ help }: { help: ReturnType<typeof useDisclosure> }) {
  const [opened, { open, close }] = help;
  const leader = useRef(false);

  useHotkeys([
    ['shift + ?', () => !dialogOpen() && open()],
    [
      'g',
      () => {
        if (!dialogOpen()) leader.current = true;
      },
      { preventDefault: false },
    ],
    ...GO_TO.map(
      (g) =>
        [
          g.key,
          () => {
            if (leader.current && !dialogOpen()) navigate(g.path);
          },
          { preventDefault: false },
        ] as [string, () => void, { preventDefault: boolean }],
    ),
  ]);
  // Any key other than "g" ends the wait for a second key. useHotkeys listens on <html>; window hears the key after it.
  useWindowEvent('keydown', (e) => {
    if (e.key !== 'g' && !['Shift', 'Control', 'Alt', 'Meta'].includes(e.key)) leader.current = false;
  });
  return (
    <>
      <Modal opened={opened} onClose={close} title={t('Keyboard shortcuts')} size="md">
        <Table verticalSpacing={4} aria-label={t('Keyboard shortcuts')}>
          <Table.Tbody>
            {SHORTCUTS.map((s) => (
              <Table.Tr key={`${s.keys.join('+')}-${s.what}`}>
                <Table.Td style={{ whiteSpace: 'nowrap' }}>
                  <Group gap={4} wrap="nowrap">
                    {s.keys.map((k, i) => (
                      <span key={i}>
                        {i > 0 && s.keys[0] === 'g' ? (
                          <Text span size="xs" c="dimmed" mr={4}>
                            {t('then')}
                          </Text>
                        ) : i > 0 ? (
                          ' + '
                        ) : null}
                        <Kbd size="sm">{k}</Kbd>
                      </span>
                    ))}
                  </Group>
                </Table.Td>
                <Table.Td>
                  <Text size="sm">{tk(s.what, s.page ? { page: tk(s.page) } : undefined)}</Text>
                  {s.where && (
                    <Text size="xs" c="dimmed">
                      {tk(s.where)}
                    </Text>
                  )}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Modal>
    </>
  );
}
