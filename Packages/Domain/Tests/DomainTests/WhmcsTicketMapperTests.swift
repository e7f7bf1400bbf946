import Domain
import Foundation
import Testing

@Suite("WHMCS ticket mappers")
struct WhmcsTicketMapperTests {
    let context = WhmcsMappingContext.test

    private func raw(_ json: String) throws -> RawJSON { try RawJSON.parse(Data(json.utf8)) }

    private let getTickets = #"""
        {"result":"success","totalresults":"7","startnumber":5,"numreturned":2,"tickets":{"ticket":[
          {"id":"12","tid":"482910","deptid":"1","deptname":"Support","userid":"1001","subject":"Slow &amp; flaky &lt;SIM&gt;",
           "status":"Customer-Reply","priority":"High","date":"2026-10-01 10:00:00","lastreply":"2026-10-02 09:30:00","service":"S10011"},
          {"id":9,"tid":"100009","deptid":"2","userid":"1001","subject":"Invoice","status":"On Hold","priority":"Urgent",
           "date":"2026-09-01 10:00:00","lastreply":"0000-00-00 00:00:00","service":"D3"}]}}
        """#

    @Test func aTicketPageDecodesTextOnceAndDerivesThePage() throws {
        let page = try Providers.Whmcs.ticketPage(from: raw(getTickets), pageSize: 5, context: context)
        #expect(page.total == 7)
        #expect(page.page == 2)
        #expect(page.items.map(\.id) == [12, 9])
        #expect(page.items[0].subject == "Slow & flaky <SIM>")
        #expect(page.items[0].status == .customerReply)
        #expect(page.items[0].priority == .high)
        #expect(page.items[0].subscriptionId == 10011)
        #expect(page.items[0].openedAt == Instant("2026-10-01T01:00:00Z"))
        #expect(page.items[1].status == .onHold)
        #expect(page.items[1].priority == .unknown("Urgent"))
        #expect(page.items[1].lastReplyAt == nil)
        #expect(page.items[1].subscriptionId == nil)
    }

    @Test func anEmptyTicketListIsAnEmptyPage() throws {
        let page = try Providers.Whmcs.ticketPage(
            from: raw(#"{"result":"success","totalresults":"0","startnumber":0,"numreturned":0,"tickets":[]}"#),
            pageSize: 25,
            context: context
        )
        #expect(page.items.isEmpty)
        #expect(page.total == 0)
    }

    private let getTicket = #"""
        {"result":"success","ticketid":"12","tid":"482910","deptid":"1","deptname":"Support","userid":"1001","date":"2026-10-01 10:00:00",
         "subject":"Slow","status":"Answered","priority":"Medium","lastreply":"2026-10-02 09:30:00","service":"",
         "replies":{"reply":[
           {"replyid":"31","userid":"0","name":"","date":"2026-10-02 09:30:00","message":"Fixed &lt;now&gt;","admin":"Sasaki"},
           {"replyid":"0","userid":"1001","name":"Taro Yamada","date":"2026-10-01 10:00:00","message":"&quot;A&amp;amp;B&quot;\nthanks","admin":""}]}}
        """#

    @Test func aTicketHasItsConversationOldestFirstInPlainText() throws {
        let ticket = try Providers.Whmcs.ticket(from: raw(getTicket), context: context)
        #expect(ticket.summary.id == 12)
        #expect(ticket.summary.number == "482910")
        #expect(ticket.messages.map(\.id) == [0, 31])
        #expect(ticket.messages[0].message == "\"A&amp;B\"\nthanks")
        #expect(ticket.messages[0].author == .customer)
        #expect(ticket.messages[0].authorName == "Taro Yamada")
        #expect(ticket.messages[1].author == .staff)
        #expect(ticket.messages[1].authorName == "Sasaki")
        #expect(ticket.messages[1].message == "Fixed <now>")
    }

    @Test func anOwnedTicketNamesItsClient() throws {
        let owned = try Providers.Whmcs.ownedTicket(from: raw(getTicket), context: context)
        #expect(owned.ownerId == 1001)
        #expect(owned.value.summary.id == 12)
    }

    @Test func theStoredSamplesMapAsTyped() throws {
        let page = try Providers.Whmcs.ticketPage(from: Fixture.raw("whmcs/GetTickets"), pageSize: 25, context: context)
        #expect(page.items.map(\.subject) == ["Slow & flaky <SIM>", "Invoice"])
        let owned = try Providers.Whmcs.ownedTicket(from: Fixture.raw("whmcs/GetTicket"), context: context)
        #expect(owned.ownerId == 42)
        #expect(owned.value.messages.map(\.message) == ["\"A&amp;B\"\r\nplease", "Fixed <now>"])
        #expect(try Providers.Whmcs.openedTicket(from: Fixture.raw("whmcs/OpenTicket")) == OpenedTicket(id: 15, number: "894756"))
    }

    @Test func aGuestsTicketIsOwnedByNoClient() throws {
        let guest = getTicket.replacingOccurrences(of: #""userid":"1001","date""#, with: #""userid":"0","date""#)
        #expect(try Providers.Whmcs.ownedTicket(from: raw(guest), context: context).ownerId == 0)
    }

    @Test func aTicketEncodesFlatAndRoundTrips() throws {
        let ticket = try Providers.Whmcs.ticket(from: raw(getTicket), context: context)
        let data = try JSONEncoder().encode(ticket)
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(object["subject"] as? String == "Slow")
        #expect((object["messages"] as? [Any])?.count == 2)
        #expect(try JSONDecoder().decode(SupportTicket.self, from: data) == ticket)
    }

    @Test func missingFieldsNameTheirPath() throws {
        let noOwner = try #require(throws: MappingError.self) {
            try Providers.Whmcs.ownedTicket(
                from: raw(#"{"result":"success","ticketid":"1","subject":"s","status":"Open","date":"2026-10-01 10:00:00"}"#),
                context: context
            )
        }
        #expect(noOwner.path == "userid")
        #expect(noOwner.reason == .missing)
        let noSubject = try #require(throws: MappingError.self) {
            try Providers.Whmcs.ticket(from: raw(#"{"ticketid":"1","userid":"2","status":"Open","date":"2026-10-01 10:00:00"}"#), context: context)
        }
        #expect(noSubject.path == "subject")
        let badReplyDate = try #require(throws: MappingError.self) {
            try Providers.Whmcs.ticket(
                from: raw(
                    #"{"ticketid":"1","subject":"s","status":"Open","date":"2026-10-01 10:00:00","replies":{"reply":[{"replyid":"0","date":"soon"}]}}"#
                ),
                context: context
            )
        }
        #expect(badReplyDate.path == "replies.reply[0].date")
        #expect(badReplyDate.reason == .invalidValue)
        let noDate = try #require(throws: MappingError.self) {
            try Providers.Whmcs.ticketPage(
                from: raw(#"{"tickets":{"ticket":[{"id":"3","subject":"s","status":"Open"}]}}"#),
                pageSize: 5,
                context: context
            )
        }
        #expect(noDate.path == "tickets.ticket[0].date")
    }

    @Test func anOpenTicketAnswerGivesIdAndNumber() throws {
        let opened = try Providers.Whmcs.openedTicket(from: raw(#"{"result":"success","id":15,"tid":"894756","c":"abc"}"#))
        #expect(opened == OpenedTicket(id: 15, number: "894756"))
        let missing = try #require(throws: MappingError.self) { try Providers.Whmcs.openedTicket(from: raw(#"{"result":"success","tid":"1"}"#)) }
        #expect(missing.path == "id")
    }

    @Test func ticketHooksAreTicketChangesWithOrWithoutTheClient() throws {
        let opened = try Providers.Whmcs.event(
            from: raw(#"{"id":"e1","event":"TicketOpen","occurredAt":"2026-11-23T10:00:00Z","data":{"ticketid":"12","userid":"1001"}}"#),
            context: context
        )
        #expect(opened.change == .ticketChanged(clientId: 1001, ticketId: 12))
        let answered = try Providers.Whmcs.event(
            from: raw(#"{"id":"e2","event":"TicketAdminReply","occurredAt":"2026-11-23T10:00:00Z","data":{"ticketid":"12"}}"#),
            context: context
        )
        #expect(answered.change == .ticketChanged(clientId: nil, ticketId: 12))
        for name in ["TicketUserReply", "TicketStatusChange"] {
            let event = try Providers.Whmcs.event(
                from: raw(#"{"id":"e3","event":"\#(name)","occurredAt":"2026-11-23T10:00:00Z","data":{"ticketid":"4"}}"#),
                context: context
            )
            #expect(event.change == .ticketChanged(clientId: nil, ticketId: 4))
        }
    }
}
