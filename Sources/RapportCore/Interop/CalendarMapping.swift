import Foundation

/// Meetings and tasks as calendar entries.
public enum CalendarMapping {
    /// A meeting without an end shows as this long, the default length most calendar clients use.
    public static let defaultMeetingSeconds: Int64 = 30 * 60

    /// The event of a meeting. People are resolved by the caller (it knows who may be named).
    public static func event(
        _ meeting: Record<Activity>, organizer: CalendarPerson?, attendees: [CalendarPerson], url: String?
    ) -> CalendarEvent? {
        guard let start = meeting["occurred_at"]?.time else { return nil }
        var end = meeting["ends_at"]?.time
        if end == nil, case .int(let minutes)? = meeting["duration_minutes"] { end = start.adding(seconds: minutes * 60) }
        let status: CalendarEvent.Status = meeting["status"]?.text == "cancelled" ? .cancelled : .confirmed
        let notes = [meeting["outcome"]?.text, meeting["body"]?.text].compactMap { $0 }.joined(separator: "\n\n")
        return CalendarEvent(
            uid: meeting.id.description + "@rapport", sequence: meeting.version, start: .instant(start),
            end: .instant(end ?? start.adding(seconds: defaultMeetingSeconds)), summary: meeting.title,
            description: notes.isEmpty ? nil : notes, location: meeting["location"]?.text, status: status,
            organizer: organizer, attendees: attendees, url: url, lastModified: meeting.updatedAt)
    }

    /// The to-do of a task.
    public static func todo(_ task: Record<Todo>, url: String?) -> CalendarTodo {
        let priority: CalendarTodo.Priority =
            switch task["priority"]?.text {
            case "high": .high
            case "low": .low
            default: .normal
            }
        let done = !Todo.isOpen(task.values)
        return CalendarTodo(
            uid: task.id.description + "@rapport", sequence: task.version, summary: task.title,
            description: task["notes"]?.text, due: task["due_at"]?.time.map(CalendarTime.instant), priority: priority,
            completed: done ? (task["completed_at"]?.time ?? task.updatedAt) : nil, url: url, lastModified: task.updatedAt)
    }
}
