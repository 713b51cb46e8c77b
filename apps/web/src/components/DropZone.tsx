/**
 * Drop files here, or choose them with the (keyboard-reachable) file picker. The picker is a real
 * `<input type="file">`, visually replaced by its label so it looks like a button.
 */
import { useId, useState, type DragEvent } from 'react';

export function DropZone({ onFiles, multiple = true, title, hint, button, accept, testId, large }: {
  onFiles: (files: File[]) => void;
  multiple?: boolean;
  title: string;
  hint?: string;
  button: string;
  accept?: string;
  testId?: string;
  large?: boolean;
}) {
  const id = useId();
  const [over, setOver] = useState(false);

  function drop(event: DragEvent<HTMLDivElement>): void {
    event.preventDefault();
    setOver(false);
    const files = [...event.dataTransfer.files];
    if (files.length) onFiles(multiple ? files : files.slice(0, 1));
  }

  return (
    <div
      className={`drop-zone${over ? ' over' : ''}${large ? ' large' : ''}`}
      data-testid={testId}
      onDragEnter={(e) => { e.preventDefault(); setOver(true); }}
      onDragOver={(e) => { e.preventDefault(); e.dataTransfer.dropEffect = 'copy'; }}
      onDragLeave={(e) => { if (!e.currentTarget.contains(e.relatedTarget as Node | null)) setOver(false); }}
      onDrop={drop}
    >
      <p className="drop-title">{title}</p>
      {hint && <p className="hint">{hint}</p>}
      <input
        id={id}
        type="file"
        className="file-input"
        multiple={multiple}
        accept={accept}
        data-testid={testId ? `${testId}-input` : undefined}
        onChange={(e) => {
          const files = [...(e.target.files ?? [])];
          e.target.value = '';
          if (files.length) onFiles(files);
        }}
      />
      <label htmlFor={id} className="btn btn-primary file-button">{button}</label>
    </div>
  );
}
