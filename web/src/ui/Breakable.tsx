import { Fragment } from 'react'

/**
 * Text that may break after `_ @ . : /` when its box takes two lines: `aws_identity_read` at an
 * underscore, `sam@periscope.local` after the `@`, an ARN after its colons and slashes
 * (`arn:aws:iam::123456789012:` / `role/` / `prod-ledger-worker`) rather than inside the account id,
 * as `break-all` did. The text itself is unchanged. Pair it with `break-words` (not `break-all`, and
 * not `wrap-anywhere`, which would let a table squeeze the column to a few letters again) so a
 * part longer than its box still breaks rather than overflows.
 */
export function Breakable({ text }: { text: string }) {
  const parts = text.split(/(?<=[_@.:/])/)
  return <>{parts.map((p, i) => <Fragment key={i}>{p}{i < parts.length - 1 && <wbr />}</Fragment>)}</>
}
