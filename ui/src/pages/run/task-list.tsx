/** The run's tasks as buttons beside the DAG: the keyboard's way to a task, and a list that reads well on a phone. */
import { memo } from "react";
import type { Task } from "../../api/types.ts";
import { Status } from "../../components/status.tsx";

interface Props {
  tasks: Task[];
  selected: string | undefined;
  onSelect(name: string): void;
}

function TaskListOf({ tasks, selected, onSelect }: Props) {
  return (
    <nav className="task-list" aria-label="tasks">
      <h2>Tasks</h2>
      <ul>
        {tasks.map((t) => (
          <li key={t.name}>
            <button type="button" className={`task-button status-${t.status}`} aria-current={t.name === selected} onClick={() => onSelect(t.name)}>
              <span className="mono">{t.name}</span> <Status status={t.status} />
            </button>
          </li>
        ))}
      </ul>
    </nav>
  );
}

/** Drawn again only when the tasks change, not on every render of the page. */
export const TaskList = memo(TaskListOf);
