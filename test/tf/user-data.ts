/**
 * The script a Terraform launch template's `user_data` holds, as text: literal base64, or
 * `${base64encode(join("", [...]))}` when it holds references, which come back as `${reference}`.
 */
export function terraformScript(userData: string): string {
  const prefix = '${base64encode(join("", [';
  if (!userData.startsWith(prefix)) return Buffer.from(userData, 'base64').toString('utf8');
  const list = userData.slice(prefix.length, -']))}'.length);
  const pieces: string[] = [];
  let i = 0;
  while (i < list.length) {
    if (list[i] === '"') {
      let j = i + 1;
      while (list[j] !== '"') j += list[j] === '\\' ? 2 : 1;
      // HCL escapes `${` and `%{` by doubling their first character.
      pieces.push((JSON.parse(list.slice(i, j + 1)) as string).replace(/\$\$\{/g, '${').replace(/%%\{/g, '%{'));
      i = j + 1;
    } else {
      const end = list.indexOf(', ', i);
      const stop = end < 0 ? list.length : end;
      pieces.push(`\${${list.slice(i, stop)}}`);
      i = stop;
    }
    if (list.startsWith(', ', i)) i += 2;
  }
  return pieces.join('');
}
