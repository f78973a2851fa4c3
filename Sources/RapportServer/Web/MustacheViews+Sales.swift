import Mustache

// The sales views' switches (see MustacheViews.swift): the record page's deal and lead panels, the
// list's notice and the pipeline board, pages rendered as often as any. Settings, forecast and report
// pages, rendered rarely, are read by reflection.

extension ListNoticeView: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "text": self.text
        case "linkText": self.linkText
        case "href": self.href
        default: MustacheFields.missing(name, in: self)
        }
    }
}

extension StageStepView: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "stageID": self.stageID
        case "name": self.name
        case "state": self.state
        case "isCurrent": self.isCurrent
        case "category": self.category
        case "probability": self.probability
        default: MustacheFields.missing(name, in: self)
        }
    }
}

extension DealPersonView: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "name": self.name
        case "href": self.href
        case "role": self.role
        case "contactID": self.contactID
        case "removeAction": self.removeAction
        default: MustacheFields.missing(name, in: self)
        }
    }
}

extension StageHistoryRowView: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "stage": self.stage
        case "entered": self.entered
        case "enteredISO": self.enteredISO
        case "left": self.left
        case "duration": self.duration
        case "movedBy": self.movedBy
        case "isCurrent": self.isCurrent
        default: MustacheFields.missing(name, in: self)
        }
    }
}

extension DealPanelsView: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "pipelineName": self.pipelineName
        case "stageName": self.stageName
        case "since": self.since
        case "playbook": self.playbook
        case "steps": self.steps
        case "moveAction": self.moveAction
        case "version": self.version
        case "people": self.people
        case "roleOptions": self.roleOptions
        case "contactOptions": self.contactOptions
        case "addPersonAction": self.addPersonAction
        case "history": self.history
        case "canWrite": self.canWrite
        default: MustacheFields.missing(name, in: self)
        }
    }
}

extension LeadPanelsView: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "converted": self.converted
        case "convertedWhen": self.convertedWhen
        case "links": self.links
        default: MustacheFields.missing(name, in: self)
        }
    }
}

extension LeadScorePanelView: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "score": self.score
        case "reasons": self.reasons
        case "more": self.more
        case "hasMore": self.hasMore
        case "noReasons": self.noReasons
        case "probability": self.probability
        case "modelFor": self.modelFor
        case "modelAgainst": self.modelAgainst
        case "modelMissing": self.modelMissing
        case "settingsHref": self.settingsHref
        default: MustacheFields.missing(name, in: self)
        }
    }
}

extension LeadScorePanelView.Reason: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "line": self.line
        case "positive": self.positive
        default: MustacheFields.missing(name, in: self)
        }
    }
}

extension DealCardView: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "id": self.id
        case "title": self.title
        case "href": self.href
        case "account": self.account
        case "amount": self.amount
        case "close": self.close
        case "closeOverdue": self.closeOverdue
        case "owner": self.owner
        case "version": self.version
        case "moveOptions": self.moveOptions
        default: MustacheFields.missing(name, in: self)
        }
    }
}

extension BoardColumnView: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "stageID": self.stageID
        case "name": self.name
        case "category": self.category
        case "closed": self.closed
        case "count": self.count
        case "totals": self.totals
        case "totalsDetail": self.totalsDetail
        case "cards": self.cards
        case "moreHref": self.moreHref
        case "listHref": self.listHref
        case "remaining": self.remaining
        default: MustacheFields.missing(name, in: self)
        }
    }
}

extension BoardView: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "pipelineName": self.pipelineName
        case "pipelineID": self.pipelineID
        case "pipelines": self.pipelines
        case "columns": self.columns
        case "closedWindowDays": self.closedWindowDays
        case "newHref": self.newHref
        case "listHref": self.listHref
        case "settingsHref": self.settingsHref
        case "isEmpty": self.isEmpty
        case "returnTo": self.returnTo
        default: MustacheFields.missing(name, in: self)
        }
    }
}

extension BoardContent: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "board": self.board
        default: MustacheFields.missing(name, in: self)
        }
    }
}

extension BoardFragment: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "cards": self.cards
        case "moreHref": self.moreHref
        case "csrf": self.csrf
        case "returnTo": self.returnTo
        default: MustacheFields.missing(name, in: self)
        }
    }
}
