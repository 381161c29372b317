import { Button, Group, Modal, Stack, TextInput } from '@mantine/core'
import { FormError } from '../../components/form-error.tsx'
import { useForm } from '@mantine/form'
import { useState } from 'react'
import { api, unwrap, type Schemas } from '../../lib/api.ts'
import { showErrors } from '../../lib/form-errors.ts'

type Contact = Schemas['Contact']
const fields = ['name', 'title', 'email', 'phone', 'role'] as const
type Values = Record<(typeof fields)[number], string>

const toValues = (c: Contact | null): Values => ({
  name: c?.name ?? '',
  title: c?.title ?? '',
  email: c?.email ?? '',
  phone: c?.phone ?? '',
  role: c?.role ?? '',
})
const toBody = (v: Values) => ({
  name: v.name.trim(),
  title: v.title.trim() || null,
  email: v.email.trim() || null,
  phone: v.phone.trim() || null,
  role: v.role.trim() || null,
})

type Props = { partnerId: string; contact: Contact | null; opened: boolean; onClose: () => void; onSaved: () => void | Promise<void> }

export function ContactModal({ partnerId, contact, opened, onClose, onSaved }: Props) {
  return (
    <Modal opened={opened} onClose={onClose} title={contact ? 'Edit contact' : 'Add contact'}>
      {opened && <ContactForm key={contact?.id ?? 'new'} partnerId={partnerId} contact={contact} onClose={onClose} onSaved={onSaved} />}
    </Modal>
  )
}

function ContactForm({ partnerId, contact, onClose, onSaved }: Omit<Props, 'opened'>) {
  const [error, setError] = useState<string | null>(null)
  const form = useForm<Values>({ initialValues: toValues(contact), validate: { name: (v) => (v.trim() ? null : 'Enter a name') } })
  const submit = form.onSubmit(async (values) => {
    setError(null)
    try {
      if (contact)
        unwrap(
          await api.PATCH('/api/partners/{id}/contacts/{contactId}', {
            params: { path: { id: partnerId, contactId: contact.id } },
            body: toBody(values),
          }),
        )
      else unwrap(await api.POST('/api/partners/{id}/contacts', { params: { path: { id: partnerId } }, body: toBody(values) }))
      await onSaved()
    } catch (e) {
      showErrors(e, fields, form.setErrors, setError)
    }
  })
  return (
    <form onSubmit={submit} noValidate>
      <Stack>
        <FormError error={error} />
        <TextInput label="Name" required {...form.getInputProps('name')} />
        <TextInput label="Job title" {...form.getInputProps('title')} />
        <TextInput label="Email" type="email" {...form.getInputProps('email')} />
        <TextInput label="Phone" {...form.getInputProps('phone')} />
        <TextInput label="Role in the partnership" placeholder="e.g. Executive sponsor, Billing" {...form.getInputProps('role')} />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button type="submit" loading={form.submitting}>
            {contact ? 'Save contact' : 'Add contact'}
          </Button>
        </Group>
      </Stack>
    </form>
  )
}
